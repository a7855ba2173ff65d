import type { WorkerEnv } from "../env";
import { type RequestRecord, servedBy } from "../observability/request-record";
import type { Settlement } from "./contract";

/**
 * What the request really used. Without reported usage: nothing was served, so it counts as a request
 * but no tokens or spend; or something was served and the provider's count never came (a stream the
 * client abandoned, a body cut off), so the reservation stands, since the provider bills what it generated.
 */
export function actualUsage(record: RequestRecord, cost: number | null): Pick<Settlement, "tokens" | "cost"> {
  const reserved = record.limits;
  if (record.usage) return { tokens: record.usage.inputTokens + record.usage.outputTokens, cost: cost ?? 0 };
  if (!servedBy(record) || !reserved) return { tokens: 0, cost: 0 };
  return { tokens: reserved.reservedTokens, cost: reserved.reservedCost };
}

/**
 * Corrects the request's reservation to its real usage, once the answer (or stream) is over, off the
 * hot path. A failure is logged; the reservation then expires by alarm at its reserved amounts.
 */
export function settleRequest(env: WorkerEnv, record: RequestRecord, cost: number | null): Promise<void> | null {
  const limits = record.limits;
  const namespace = env.RATE_LIMITER;
  if (!limits?.reservationId || !limits.anchor || !namespace) return null;
  const settlement: Settlement = {
    reservationId: limits.reservationId,
    admittedAt: limits.admittedAt,
    subjects: limits.subjects,
    ...actualUsage(record, cost),
  };
  const stub = namespace.get(namespace.idFromName(limits.anchor));
  return stub.settle(settlement).catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "limiter_settle_failed", requestId: record.requestId, anchor: limits.anchor, detail }));
  });
}
