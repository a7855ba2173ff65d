import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { StreamOptions, TranslatedStream } from "../contract";
import type { StreamDecoder, StreamPart } from "../shared/chat-parts";
import type { SseEvent } from "../shared/sse-parser";
import { translateSseStream } from "../shared/translate-stream";
import { finishReasonOf, readCandidate, usageOf } from "./response";
import { generateContentResponseSchema, googleErrorBodySchema, parseAs, readJson, statusCode } from "./wire";

/**
 * Decodes `streamGenerateContent?alt=sse`: every frame is a whole GenerateContentResponse holding the
 * next piece of text and whole function calls; the last one carries the finish reason (with the last
 * text) and the final usage. There is no `[DONE]`. Errors after the 200 arrive as an `error` frame.
 */
export class GeminiStreamDecoder implements StreamDecoder<SseEvent> {
  private started = false;
  private toolCalls = 0;

  decode(event: SseEvent): readonly StreamPart[] {
    const value = readJson(event.data);
    // Only an error frame has `error`; checking for it first spares every other frame a schema parse.
    if (typeof value === "object" && value !== null && "error" in value) {
      const failure = parseAs(googleErrorBodySchema, value);
      return [{ type: "error", code: failure ? statusCode(failure.error.status) : "upstream_stream_unreadable" }];
    }
    const frame = parseAs(generateContentResponseSchema, value);
    if (frame === null) return [{ type: "error", code: "upstream_stream_unreadable" }];
    const parts: StreamPart[] = [];
    if (!this.started) {
      this.started = true;
      parts.push({ type: "start", id: frame.responseId, model: frame.modelVersion });
    }
    const candidate = frame.candidates?.[0];
    const content = readCandidate(candidate, frame.responseId, this.toolCalls);
    if (content.text !== "") parts.push({ type: "text", text: content.text });
    for (const call of content.toolCalls) {
      parts.push({ type: "tool_call", index: this.toolCalls, id: call.id, name: call.name, arguments: call.arguments });
      this.toolCalls += 1;
    }
    // Before the finish part: the chunk writer stops reading parts once the stream has finished.
    const usage = usageOf(frame.usageMetadata);
    if (usage) parts.push({ type: "usage", usage });
    if (candidate?.finishReason !== undefined) {
      parts.push({ type: "finish", reason: finishReasonOf(candidate.finishReason, this.toolCalls > 0) });
    } else if (candidate === undefined && frame.promptFeedback?.blockReason !== undefined) {
      parts.push({ type: "finish", reason: "content_filter" });
    }
    return parts;
  }
}

export function translateChatStream(upstreamBody: ReadableStream<Uint8Array>, request: ChatCompletionRequest, options?: StreamOptions): TranslatedStream {
  return translateSseStream(upstreamBody, request, new GeminiStreamDecoder(), request.model, options?.idleTimeoutMs ?? 0);
}
