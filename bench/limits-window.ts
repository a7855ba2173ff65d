import type { LimitVariant } from "./limits-rig";

/** 60 s sliding window of the limiter, plus up to 5 s until closed rows are pruned. */
const windowMs = 60_000;

interface Burst {
  readonly startMs: number;
  readonly endMs: number;
  readonly requests: number;
}

/**
 * The requests each variant's tenant sent, when: the limiter keeps one row per reservation and
 * subject in its sliding minute, so this estimates how many rows its queries meet at a given time
 * (requests spread evenly over each burst).
 */
export class TrafficLog {
  private readonly bursts = new Map<LimitVariant, Burst[]>();

  add(variant: LimitVariant, startMs: number, endMs: number, requests: number): void {
    const list = this.bursts.get(variant) ?? [];
    list.push({ startMs, endMs, requests });
    this.bursts.set(variant, list);
  }

  /** Requests of `variant` admitted in the minute before `atMs`. */
  inWindow(variant: LimitVariant, atMs: number): number {
    let sum = 0;
    for (const burst of this.bursts.get(variant) ?? []) {
      const from = Math.max(burst.startMs, atMs - windowMs);
      const to = Math.min(burst.endMs, atMs);
      if (to <= from) continue;
      sum += burst.endMs > burst.startMs ? (burst.requests * (to - from)) / (burst.endMs - burst.startMs) : burst.requests;
    }
    return Math.round(sum);
  }
}
