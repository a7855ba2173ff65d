import type { StreamCompletion } from "../../providers/contract";
import { pullSseTranslation } from "../../providers/shared/pull-sse-translation";
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
export function toAnthropicStream(openAIStream: ReadableStream<Uint8Array>, requestModel: string, idleTimeoutMs = 0): AnthropicStream {
  return pullSseTranslation(openAIStream, new AnthropicEventTranslator(requestModel), idleTimeoutMs);
}
