import type { StreamEnd } from "../observability/request-record";
import type { StreamCompletion } from "../providers/contract";
import type { TokenUsage } from "../schemas/usage";

export interface SettledStream {
  readonly end: StreamEnd;
  readonly usage: TokenUsage | null;
}

/** The completion if it has settled by the next turn of the event loop, else null. */
function settledSoon(completion: Promise<StreamCompletion>): Promise<StreamCompletion | null> {
  return Promise.race([completion, new Promise<null>((resolve) => setTimeout(() => resolve(null), 0))]);
}

/**
 * How a streamed answer ended, and its usage. Every stream is pumped or translated by the gateway,
 * so its completion says whether the upstream failed: a broken or stalled upstream ends the client's
 * stream with an error event (delivered whole, and still `upstream_error`). When the client did not
 * get every byte and the upstream had not failed by then, the client hung up, and the upstream call
 * is aborted so the provider stops generating tokens nobody will read.
 */
export async function settleStream(
  delivered: Promise<boolean>,
  completion: Promise<StreamCompletion>,
  abortUpstream: () => void,
): Promise<SettledStream> {
  if (await delivered) {
    // A stream can be delivered whole and still end in an error event; the upstream call is then
    // aborted, so a stalled connection is not held open until the total limit.
    const settled = await completion;
    if (settled.upstreamFailed) abortUpstream();
    return { end: settled.upstreamFailed ? "upstream_error" : "completed", usage: settled.usage };
  }
  const early = await settledSoon(completion);
  if (early?.upstreamFailed) return { end: "upstream_error", usage: null };
  abortUpstream();
  return { end: "client_disconnected", usage: early?.usage ?? null };
}
