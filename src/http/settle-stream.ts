import type { StreamEnd } from "../observability/request-record";
import type { StreamCompletion } from "../providers/contract";
import type { TokenUsage } from "../schemas/usage";

export interface SettledStream {
  readonly end: StreamEnd;
  readonly usage: TokenUsage | null;
}

/** Resolves with the completion if it has already settled by the next turn of the event loop, else null. */
function settledSoon(completion: Promise<StreamCompletion>): Promise<StreamCompletion | null> {
  return Promise.race([completion, new Promise<null>((resolve) => setTimeout(() => resolve(null), 0))]);
}

/**
 * How a streamed answer ended. When the client did not get every byte, either the upstream broke (then
 * its copy has failed too, within the same turn) or the client hung up: then the upstream call is
 * aborted, so the provider stops generating tokens nobody will read.
 */
export async function settleStream(
  delivered: Promise<boolean>,
  completion: Promise<StreamCompletion>,
  abortUpstream: () => void,
): Promise<SettledStream> {
  if (await delivered) return { end: "completed", usage: (await completion).usage };
  const early = await settledSoon(completion);
  if (early?.upstreamFailed) return { end: "upstream_error", usage: null };
  abortUpstream();
  return { end: "client_disconnected", usage: early?.usage ?? null };
}
