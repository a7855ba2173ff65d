import type { WorkerEnv } from "../env";
import { type RequestRecord, servedBy } from "../observability/request-record";
import type { Settlement } from "./contract";
import type { IsolateBatches } from "../state/isolate-batches";
import { isolateSettlements } from "./settlement-batches";

/**
 * What the request really used. Without reported usage: nothing was served and the client waited for
 * the outcome, so it counts as a request but no tokens or spend; or something was served, or the client
 * hung up while the provider was working, and the provider's count never came (a stream the client
 * abandoned, a body cut off), so the reservation stands, since the provider bills what it generated.
 */
export function actualUsage(record: RequestRecord, cost: number | null, clientLeft = false): Pick<Settlement, "tokens" | "cost"> {
  const reserved = record.limits;
  if (record.usage) return { tokens: record.usage.inputTokens + record.usage.outputTokens, cost: cost ?? 0 };
  if (!reserved || (!servedBy(record) && !clientLeft)) return { tokens: 0, cost: 0 };
  return { tokens: reserved.reservedTokens, cost: reserved.reservedCost };
}

/**
 * Corrects the request's reservation to its real usage once the answer (or stream) is over, off the
 * hot path, batched with this isolate's other settlements to the same limiter object. Null when there
 * is nothing to settle, or when the settlement joined a batch another request sends.
 */
export function settleRequest(
  env: WorkerEnv,
  record: RequestRecord,
  cost: number | null,
  { clientLeft = false, batches = isolateSettlements }: { clientLeft?: boolean; batches?: IsolateBatches<Settlement> } = {},
): Promise<void> | null {
  const limits = record.limits;
  if (!limits?.reservationId || !limits.anchor || !env.RATE_LIMITER || limits.settled) return null;
  limits.settled = true;
  const settlement: Settlement = {
    reservationId: limits.reservationId,
    admittedAt: limits.admittedAt,
    subjects: limits.subjects,
    ...actualUsage(record, cost, clientLeft),
  };
  return batches.add(env, limits.anchor, settlement, record.requestId);
}
