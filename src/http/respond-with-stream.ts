import type { RequestRecord } from "../observability/request-record";
import type { StreamCompletion } from "../providers/contract";
import type { Dispatched } from "../routing/dispatch";
import { settleStream } from "./settle-stream";
import { watchStreamEnd } from "./watch-stream-end";

/** Sends an SSE stream to the client and records, once it ends, how it ended and its usage. */
export function respondWithStream(
  record: RequestRecord,
  body: ReadableStream<Uint8Array>,
  completion: Promise<StreamCompletion>,
  upstream: Dispatched,
): Response {
  const { stream, delivered } = watchStreamEnd(body);
  record.streamEnd = settleStream(delivered, completion, upstream.abortUpstream).then(({ end, usage }) => {
    upstream.release();
    record.usage = usage;
    return end;
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
