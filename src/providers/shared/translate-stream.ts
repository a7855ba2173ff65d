import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { TokenUsage } from "../../schemas/usage";
import type { StreamCompletion, TranslatedStream } from "../contract";
import type { StreamDecoder, StreamPart } from "./chat-parts";
import { doneEvent, OpenAIChunkWriter, streamErrorEvent } from "./openai-output";
import { type SseEvent, SseParser } from "./sse-parser";

/** What one batch of parts turned into: the SSE text to send, and whether the stream is over. */
interface Written {
  readonly text: string;
  readonly ended: boolean;
}

/**
 * Writes normalized parts as OpenAI chunks: the role first, text and tool-call deltas, the finish
 * reason, then (when the client asked for `include_usage`) the usage chunk and `[DONE]` at the end.
 */
class ChunkSequence {
  private readonly writer: OpenAIChunkWriter;
  private roleSent = false;
  private finished = false;
  private failed = false;
  usage: TokenUsage | null = null;

  constructor(
    model: string,
    private readonly includeUsage: boolean,
  ) {
    this.writer = new OpenAIChunkWriter(`chatcmpl-${crypto.randomUUID()}`, model);
  }

  get upstreamFailed(): boolean {
    return this.failed;
  }

  write(parts: readonly StreamPart[]): Written {
    let text = "";
    for (const part of parts) {
      if (this.finished || this.failed) break;
      text += this.one(part);
    }
    return { text, ended: this.failed };
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
 * Translates a provider's SSE stream into OpenAI chunks as bytes arrive. The stream is pulled, so
 * nothing is read from the provider faster than the client reads; a client hang-up cancels the
 * upstream read, and a broken upstream errors the client's stream. `completion` reports the usage
 * the provider sent and whether it failed, and never rejects.
 */
export function translateSseStream(
  upstream: ReadableStream<Uint8Array>,
  request: ChatCompletionRequest,
  decoder: StreamDecoder<SseEvent>,
  model: string,
): TranslatedStream {
  const sequence = new ChunkSequence(model, request.stream_options?.include_usage === true);
  const parser = new SseParser();
  const textDecoder = new TextDecoder();
  const encoder = new TextEncoder();
  const reader = upstream.getReader();
  let settle: (completion: StreamCompletion) => void = () => undefined;
  const completion = new Promise<StreamCompletion>((resolve) => {
    settle = resolve;
  });
  const decodeAll = (events: readonly SseEvent[]): StreamPart[] => events.flatMap((event) => decoder.decode(event));

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          settle({ usage: sequence.usage, upstreamFailed: true });
          controller.error(error);
          return;
        }
        if (result.done) {
          const written = sequence.write(decodeAll(parser.end()));
          controller.enqueue(encoder.encode(written.text + sequence.end()));
          controller.close();
          settle({ usage: sequence.usage, upstreamFailed: sequence.upstreamFailed });
          return;
        }
        const written = sequence.write(decodeAll(parser.push(textDecoder.decode(result.value, { stream: true }))));
        if (written.ended) {
          controller.enqueue(encoder.encode(written.text));
          controller.close();
          settle({ usage: sequence.usage, upstreamFailed: true });
          void reader.cancel().catch(() => undefined);
          return;
        }
        if (written.text !== "") {
          controller.enqueue(encoder.encode(written.text));
          return;
        }
      }
    },
    cancel(reason) {
      settle({ usage: sequence.usage, upstreamFailed: false });
      return reader.cancel(reason);
    },
  });
  return { body, completion };
}
