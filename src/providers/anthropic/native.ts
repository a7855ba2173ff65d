import type { StreamCompletion, TranslatedStream, UpstreamCall, UpstreamRequest, NativePassThrough } from "../contract";
import { KeptChunks, pumpStream } from "../shared/pump-stream";
import { teeWithText } from "../shared/read-whole-text";
import { SseParser } from "../shared/sse-parser";
import type { TokenUsage } from "../../schemas/usage";
import { toTokenUsage } from "./normalize";
import { AnthropicStreamDecoder } from "./stream";
import { anthropicStreamErrorEvent } from "./stream-error-event";
import { messageSchema, narrow, parseJson } from "./wire";

/** How a whole Anthropic stream ended, read from its text with the same decoder translation uses. */
function completionOf(text: string): StreamCompletion {
  const decoder = new AnthropicStreamDecoder();
  const parser = new SseParser();
  let usage: TokenUsage | null = null;
  let upstreamFailed = false;
  let finished = false;
  for (const event of [...parser.push(text), ...parser.end()]) {
    for (const part of decoder.decode(event)) {
      if (part.type === "usage") usage = part.usage;
      else if (part.type === "error") upstreamFailed = true;
      else if (part.type === "finish") finished = true;
    }
  }
  return { usage, upstreamFailed: upstreamFailed || !finished };
}

/**
 * Anthropic's Messages API passed through for clients that speak it (`/v1/messages`): the request
 * goes as the client sent it with only `model` replaced, and the answer comes back byte for byte, so
 * prompt caching, thinking blocks and everything else Anthropic-only survive. Streams are pumped
 * through untouched (`pumpStream`: a stall or a break ends them with Anthropic's `error` event); the
 * chunks are kept and read once the stream is over for its usage (which Anthropic splits between
 * the first event and the last ones) and whether it finished. With no idle limit (0) the stream is
 * piped natively and a copy read whole instead.
 */
export function anthropicNativePassThrough(
  url: string,
  headers: Readonly<Record<string, string>>,
): NativePassThrough {
  return {
    request(body: Readonly<Record<string, unknown>>, call: UpstreamCall): UpstreamRequest {
      return {
        transport: "http",
        url,
        method: "POST",
        headers: call.apiKey === null ? headers : { ...headers, "x-api-key": call.apiKey },
        body: JSON.stringify({ ...body, model: call.upstreamModel }),
      };
    },
    response(upstreamBody: string) {
      const usage = narrow(messageSchema, parseJson(upstreamBody))?.usage;
      return { body: upstreamBody, usage: usage ? toTokenUsage(usage) : null };
    },
    stream(upstreamBody: ReadableStream<Uint8Array>, idleTimeoutMs: number): TranslatedStream {
      if (idleTimeoutMs === 0) {
        const { body, text } = teeWithText(upstreamBody);
        return { body, completion: text.then(completionOf, () => ({ usage: null, upstreamFailed: true })) };
      }
      const kept = new KeptChunks();
      const { body, ended } = pumpStream(upstreamBody, { idleTimeoutMs, errorEvent: anthropicStreamErrorEvent, onChunk: kept.keep });
      const completion = ended.then((end) => (end === "completed" ? completionOf(kept.text()) : { usage: null, upstreamFailed: end === "failed" }));
      return { body, completion };
    },
  };
}
