import type { StreamOptions, TranslatedStream } from "../contract";
import { streamErrorEvent } from "../shared/openai-output";
import { KeptChunks, pumpStream } from "../shared/pump-stream";
import { teeWithText } from "../shared/read-whole-text";
import { sseData } from "../shared/sse-lines";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { TokenUsage } from "../../schemas/usage";
import { usageFromBody } from "./usage";
import { usageEventFilter } from "./usage-event-filter";

/** The usage chunk sits just before `data: [DONE]`, so only the last few lines are looked at. */
const linesSearchedFromEnd = 8;

/** Usage from the last `data:` lines of a whole OpenAI SSE stream that carry a `usage` object. */
export function usageFromSseText(text: string): TokenUsage | null {
  let end = text.length;
  for (let i = 0; i < linesSearchedFromEnd && end > 0; i++) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const data = sseData(text.slice(start, end).trim());
    end = start - 1;
    if (data === null || !data.includes('"usage"')) continue;
    const usage = usageFromBody(data);
    if (usage) return usage;
  }
  return null;
}

/** The bytes kept from the end of a stream, where the usage chunk and `[DONE]` are. */
const tailBytes = 16 * 1024;

/**
 * Passes an OpenAI SSE stream through byte for byte (`pumpStream`: nothing parsed or re-serialized;
 * a stall or a break ends it with an OpenAI `error` event). Only the last bytes are kept, and parsed
 * once the stream is over for the usage chunk, present when the client asked for
 * `stream_options.include_usage` (or the gateway did, for limits, and withholds it from the client). With no idle limit (0) the stream is piped natively instead, with
 * no JavaScript per chunk, and a copy is read whole for the usage; a break then reaches the client as
 * a broken connection.
 */
export function passThroughOpenAIStream(
  upstreamBody: ReadableStream<Uint8Array>,
  _request: ChatCompletionRequest,
  options: StreamOptions,
): TranslatedStream {
  if (options.idleTimeoutMs === 0 && !options.withholdUsageEvent) {
    const { body, text } = teeWithText(upstreamBody);
    const completion = text.then(
      (whole) => ({ usage: usageFromSseText(whole), upstreamFailed: false }),
      () => ({ usage: null, upstreamFailed: true }),
    );
    return { body, completion };
  }
  const tail = new KeptChunks(tailBytes);
  const { body, ended } = pumpStream(upstreamBody, {
    idleTimeoutMs: options.idleTimeoutMs,
    errorEvent: streamErrorEvent("upstream_stream_truncated"),
    onChunk: tail.keep,
    ...(options.withholdUsageEvent ? { filter: usageEventFilter() } : {}),
  });
  const completion = ended.then((end) => ({
    usage: end === "completed" ? usageFromSseText(tail.text()) : null,
    upstreamFailed: end === "failed",
  }));
  return { body, completion };
}
