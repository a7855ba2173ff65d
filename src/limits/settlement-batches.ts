import type { WorkerEnv } from "../env";
import type { Settlement } from "./contract";

/** How long a settlement may wait for others to the same limiter object, so one call carries many. */
export const settlementDelayMs = 20;

/**
 * Settlements of this isolate waiting to leave, by limiter object. The first settlement for an object
 * schedules the flush and its request keeps itself alive (`waitUntil`) until the flush is done; the
 * ones that join within `settlementDelayMs` ride along, so under load one `settleMany` call carries a
 * batch instead of one call per request. No request waits on another's promise: each batch belongs to
 * the request that opened it.
 */
export class SettlementBatches {
  private readonly pending = new Map<string, Settlement[]>();

  constructor(private readonly delayMs: number = settlementDelayMs) {}

  /** Queues a settlement; returns the flush to wait for when this call opened a batch, else null. */
  add(env: WorkerEnv, anchor: string, settlement: Settlement, requestId: string): Promise<void> | null {
    const queued = this.pending.get(anchor);
    if (queued) {
      queued.push(settlement);
      return null;
    }
    const batch = [settlement];
    this.pending.set(anchor, batch);
    return new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)).then(() => this.flush(env, anchor, batch, requestId));
  }

  private async flush(env: WorkerEnv, anchor: string, batch: Settlement[], requestId: string): Promise<void> {
    if (this.pending.get(anchor) === batch) this.pending.delete(anchor);
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
}

export const isolateSettlements = new SettlementBatches();
