import type { StreamCompletion } from "../../providers/contract";
import { SseParser } from "../../providers/shared/sse-parser";
import { AnthropicEventTranslator } from "./stream-events";

/** An Anthropic SSE stream and how its upstream ended; assignable to `TranslatedStream`. */
export interface AnthropicStream {
  readonly body: ReadableStream<Uint8Array>;
  /** Settles when the upstream ends, fails or the client cancels; never rejects. */
  readonly completion: Promise<StreamCompletion>;
}

/**
 * Translates an OpenAI `chat.completion.chunk` SSE stream (as the gateway's adapters produce it)
 * into Anthropic's Messages stream, as bytes arrive. The stream is pulled, so nothing is read from
 * the upstream faster than the client reads; a client cancel cancels the upstream read. Any upstream
 * failure (an `error` event, a broken read, an end before the finish) reaches the client as
 * Anthropic's `error` event, which its SDK raises as an APIError, and the body then closes cleanly.
 */
export function toAnthropicStream(openAIStream: ReadableStream<Uint8Array>, requestModel: string): AnthropicStream {
  const translator = new AnthropicEventTranslator(requestModel);
  const parser = new SseParser();
  const textDecoder = new TextDecoder();
  const encoder = new TextEncoder();
  const reader = openAIStream.getReader();
  let settle: (completion: StreamCompletion) => void = () => undefined;
  const completion = new Promise<StreamCompletion>((resolve) => {
    settle = resolve;
  });
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, text: string): void => {
    if (text !== "") controller.enqueue(encoder.encode(text));
    controller.close();
    settle({ usage: translator.usage, upstreamFailed: translator.upstreamFailed });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch {
          finish(controller, translator.push(parser.end()) + translator.end());
          return;
        }
        if (result.done) {
          const rest = parser.push(textDecoder.decode());
          finish(controller, translator.push([...rest, ...parser.end()]) + translator.end());
          return;
        }
        const text = translator.push(parser.push(textDecoder.decode(result.value, { stream: true })));
        if (translator.ended) {
          finish(controller, text);
          // Past `[DONE]` or an error there is nothing more to read; release the upstream.
          void reader.cancel().catch(() => undefined);
          return;
        }
        if (text !== "") {
          controller.enqueue(encoder.encode(text));
          return;
        }
      }
    },
    cancel(reason) {
      settle({ usage: translator.usage, upstreamFailed: false });
      return reader.cancel(reason);
    },
  });
  return { body, completion };
}
