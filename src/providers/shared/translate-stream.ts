import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { TokenUsage } from "../../schemas/usage";
import type { TranslatedStream } from "../contract";
import type { StreamDecoder, StreamPart } from "./chat-parts";
import { doneEvent, OpenAIChunkWriter, streamErrorEvent } from "./openai-output";
import { pullSseTranslation, type SseTranslation } from "./pull-sse-translation";
import type { SseEvent } from "./sse-parser";

/**
 * Writes normalized parts as OpenAI chunks: the role first, text and tool-call deltas, the finish
 * reason, then (when the client asked for `include_usage`) the usage chunk and `[DONE]` at the end.
 */
class ChunkSequence implements SseTranslation {
  private readonly writer: OpenAIChunkWriter;
  private roleSent = false;
  private finished = false;
  private failed = false;
  usage: TokenUsage | null = null;

  constructor(
    model: string,
    private readonly includeUsage: boolean,
    private readonly decoder: StreamDecoder<SseEvent>,
  ) {
    this.writer = new OpenAIChunkWriter(`chatcmpl-${crypto.randomUUID()}`, model);
  }

  get upstreamFailed(): boolean {
    return this.failed;
  }

  get ended(): boolean {
    return this.failed;
  }

  push(events: readonly SseEvent[]): string {
    let text = "";
    for (const event of events) {
      for (const part of this.decoder.decode(event)) {
        if (this.failed) return text;
        // Some providers report the final usage after the finish reason.
        if (this.finished && part.type !== "usage") continue;
        text += this.one(part);
      }
    }
    return text;
  }

  /** The upstream ended: close properly, or report a stream cut off before its finish reason. */
  end(): string {
    if (this.failed) return "";
    if (!this.finished) {
      this.failed = true;
      return streamErrorEvent("upstream_stream_truncated");
    }
    return (this.includeUsage && this.usage ? this.writer.usage(this.usage) : "") + doneEvent;
  }

  private one(part: StreamPart): string {
    switch (part.type) {
      case "start":
        this.writer.rename(part.id, part.model);
        return "";
      case "usage":
        this.usage = part.usage;
        return "";
      case "error":
        this.failed = true;
        return streamErrorEvent(part.code);
      case "text":
        return part.text === "" ? "" : this.role() + this.writer.delta({ content: part.text });
      case "tool_call":
        return (
          this.role() +
          this.writer.delta({
            tool_calls: [{ index: part.index, id: part.id, type: "function", function: { name: part.name, arguments: part.arguments } }],
          })
        );
      case "tool_arguments":
        return part.arguments === "" ? "" : this.role() + this.writer.delta({ tool_calls: [{ index: part.index, function: { arguments: part.arguments } }] });
      case "finish":
        this.finished = true;
        return this.role() + this.writer.delta({}, part.reason);
    }
  }

  private role(): string {
    if (this.roleSent) return "";
    this.roleSent = true;
    return this.writer.delta({ role: "assistant", content: "" });
  }
}

/**
 * Translates a provider's SSE stream into OpenAI chunks as bytes arrive, pulled (see
 * `pull-sse-translation.ts`). Whatever ends it early (an in-band provider error, a broken
 * connection, the target's time limit) ends it with an OpenAI `error` event, never a hang or a bare
 * cut, so clients always learn that the answer is incomplete.
 */
export function translateSseStream(
  upstream: ReadableStream<Uint8Array>,
  request: ChatCompletionRequest,
  decoder: StreamDecoder<SseEvent>,
  model: string,
  idleTimeoutMs: number,
): TranslatedStream {
  return pullSseTranslation(upstream, new ChunkSequence(model, request.stream_options?.include_usage === true, decoder), idleTimeoutMs);
}
