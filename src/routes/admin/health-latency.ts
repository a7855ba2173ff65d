import { recentP95, type TargetScore } from "../../routing/target-score";
import { staleScoreMs } from "../../state/region-health";
import type { RegionRead } from "./health-sources";

/** A target's latency score as one caller region's object holds it. */
export interface LatencyView {
  readonly caller_region: string;
  readonly samples: number;
  /** Weighted means, in ms; null until a call succeeded. */
  readonly first_byte_ms: number | null;
  readonly total_ms: number | null;
  readonly p95_first_byte_ms: number | null;
  /** Weighted share of recent calls that failed on the provider's side (0..1). */
  readonly error_rate: number;
  readonly updated_at: string;
  readonly age_seconds: number;
  /** Older than the staleness bound: the object forgets it at its next report. */
  readonly stale: boolean;
}

const tenths = (value: number): number => Math.round(value * 10) / 10;
const orNull = (value: number | null): number | null => (value === null ? null : tenths(value));

function latencyView(region: string, score: TargetScore, now: number): LatencyView {
  const ageMs = Math.max(0, now - score.updatedAt);
  return {
    caller_region: region,
    samples: score.samples,
    first_byte_ms: orNull(score.firstByteMs),
    total_ms: orNull(score.totalMs),
    p95_first_byte_ms: orNull(recentP95(score)),
    error_rate: Math.round(score.errorRate * 1000) / 1000,
    updated_at: new Date(score.updatedAt).toISOString(),
    age_seconds: tenths(ageMs / 1000),
    stale: ageMs > staleScoreMs,
  };
}

/** The target's scores in every region whose object measured it, by region name. */
export function latencyViews(target: string, regions: readonly RegionRead[], now: number): LatencyView[] {
  const views: LatencyView[] = [];
  for (const read of regions) {
    const score = read.snapshot?.scores[target];
    if (score) views.push(latencyView(read.region, score, now));
  }
  return views;
}
