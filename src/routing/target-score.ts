/**
 * What the gateway has measured about one target, as seen from one caller region. The same arithmetic
 * runs in every isolate and in the region's Durable Object, so both hold scores of one shape.
 */
export interface TargetScore {
  /** Exponentially weighted mean of the time to the response headers; null until one call succeeded. */
  readonly firstByteMs: number | null;
  /** Exponentially weighted mean of the time until the answer's last byte. */
  readonly totalMs: number | null;
  /** The most recent first-byte times (newest last), for a high percentile. */
  readonly recentFirstByteMs: readonly number[];
  /** Exponentially weighted share of calls that failed on the provider's side. */
  readonly errorRate: number;
  readonly samples: number;
  /** `Date.now()` of the last sample. */
  readonly updatedAt: number;
}

/** One finished call: its times when it was answered, or a provider-side failure. */
export type LatencySample =
  | { readonly target: string; readonly ok: true; readonly firstByteMs: number; readonly totalMs: number | null }
  | { readonly target: string; readonly ok: false };

/** How much a new sample moves a mean (about the last 5 samples dominate). */
const latencySmoothing = 0.3;
/** Error rates move more slowly, so one failure among successes does not send traffic away. */
const errorSmoothing = 0.2;
/** Beyond this an error rate no longer grows the expected latency (it would divide by ~zero). */
const maxCountedErrorRate = 0.95;
export const recentWindow = 32;

const smooth = (previous: number | null, sample: number, weight: number): number =>
  previous === null ? sample : previous + weight * (sample - previous);

export function applySample(previous: TargetScore | undefined, sample: LatencySample, now: number): TargetScore {
  const errorRate = smooth(previous ? previous.errorRate : null, sample.ok ? 0 : 1, errorSmoothing);
  const base = { errorRate, samples: (previous?.samples ?? 0) + 1, updatedAt: now };
  if (!sample.ok) {
    return { firstByteMs: previous?.firstByteMs ?? null, totalMs: previous?.totalMs ?? null, recentFirstByteMs: previous?.recentFirstByteMs ?? [], ...base };
  }
  const recent = [...(previous?.recentFirstByteMs ?? []), sample.firstByteMs].slice(-recentWindow);
  return {
    firstByteMs: smooth(previous?.firstByteMs ?? null, sample.firstByteMs, latencySmoothing),
    totalMs: sample.totalMs === null ? (previous?.totalMs ?? null) : smooth(previous?.totalMs ?? null, sample.totalMs, latencySmoothing),
    recentFirstByteMs: recent,
    ...base,
  };
}

/**
 * The latency a request can expect from the target: its mean time to first byte (or `priorMs` when
 * none is known yet), stretched by its error rate, since a failing call costs another try.
 */
export function expectedLatencyMs(score: TargetScore | undefined, priorMs: number): number {
  if (!score) return priorMs;
  return (score.firstByteMs ?? priorMs) / (1 - Math.min(score.errorRate, maxCountedErrorRate));
}

/** The 95th percentile of the recent first-byte times (nearest rank); null without any. */
export function recentP95(score: TargetScore): number | null {
  if (score.recentFirstByteMs.length === 0) return null;
  const sorted = [...score.recentFirstByteMs].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? null;
}
