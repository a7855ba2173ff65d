import type { RequestRecord } from "../observability/request-record";
import { captureStream } from "../audit/capture-stream";
import type { StreamCompletion } from "../providers/contract";
import type { Dispatched } from "../routing/dispatch";
import { settleStream } from "./settle-stream";
import { watchStreamEnd } from "./watch-stream-end";

/** Sends an SSE stream to the client and records, once it ends, how it ended and its usage; a copy goes to the audit record. */
export function respondWithStream(
  record: RequestRecord,
  body: ReadableStream<Uint8Array>,
  completion: Promise<StreamCompletion>,
  upstream: Dispatched,
): Response {
  const captured = captureStream(body, record.audit?.mode ?? "metadata", record.audit?.contentLimitBytes ?? 0);
  record.exchange.response = { kind: "stream", capture: captured.capture };
  const { stream, delivered } = watchStreamEnd(captured.body);
  record.streamEnd = settleStream(delivered, completion, upstream.abortUpstream).then(({ end, usage }) => {
    upstream.release();
    record.usage = usage;
    return end;
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
