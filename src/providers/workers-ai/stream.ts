import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { StreamOptions, TranslatedStream } from "../contract";
import type { StreamDecoder, StreamPart } from "../shared/chat-parts";
import type { SseEvent } from "../shared/sse-parser";
import { translateSseStream } from "../shared/translate-stream";
import { workersAIToolCalls, workersAIUsage } from "./output";

/** Workers AI streams `data: {"response": "...", "usage"?: ...}` events and ends with `data: [DONE]`. */
class WorkersAIDecoder implements StreamDecoder<SseEvent> {
  private toolCalls = 0;
  private readonly idPrefix = crypto.randomUUID().slice(0, 8);

  decode(event: SseEvent): readonly StreamPart[] {
    if (event.data === "[DONE]") return [{ type: "finish", reason: this.toolCalls > 0 ? "tool_calls" : "stop" }];
    let chunk: { response?: unknown; usage?: unknown; tool_calls?: unknown };
    try {
      chunk = JSON.parse(event.data) as typeof chunk;
    } catch {
      return [];
    }
    const parts: StreamPart[] = [];
    if (typeof chunk.response === "string") parts.push({ type: "text", text: chunk.response });
    for (const call of workersAIToolCalls(chunk.tool_calls, this.idPrefix)) {
      parts.push({ type: "tool_call", index: this.toolCalls++, id: call.id, name: call.name, arguments: call.arguments });
    }
    const usage = workersAIUsage(chunk.usage);
    if (usage) parts.push({ type: "usage", usage });
    return parts;
  }
}

export function workersAIChatStream(upstream: ReadableStream<Uint8Array>, request: ChatCompletionRequest, options?: StreamOptions): TranslatedStream {
  return translateSseStream(upstream, request, new WorkersAIDecoder(), request.model, options?.idleTimeoutMs ?? 0);
}
