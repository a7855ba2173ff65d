import type { WorkerEnv } from "../env";
import { IsolateBatches } from "../state/isolate-batches";
import type { Settlement } from "./contract";

/** How long a settlement may wait for others to the same limiter object, so one call carries many. */
export const settlementDelayMs = 20;

/** Settlements leave in batches per limiter object: one `settleMany` call per batch (`IsolateBatches`). */
export function settlementBatches(delayMs: number = settlementDelayMs): IsolateBatches<Settlement> {
  return new IsolateBatches<Settlement>(delayMs, sendSettlements);
}

async function sendSettlements(env: WorkerEnv, anchor: string, batch: readonly Settlement[], requestId: string): Promise<void> {
  const namespace = env.RATE_LIMITER;
  if (!namespace) return;
  try {
    await namespace.get(namespace.idFromName(anchor)).settleMany(batch);
  } catch (error) {
    // The reservations then expire by alarm at their reserved amounts: charged their estimate, never less.
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "limiter_settle_failed", requestId, anchor, settlements: batch.length, detail }));
  }
}

export const isolateSettlements = settlementBatches();
