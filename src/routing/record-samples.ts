import { countsAgainstTarget } from "../errors/gateway-error";
import type { RequestRecord, StreamEnd } from "../observability/request-record";
import { type LatencyScores, unlocatedRegion } from "./latency-scores";

/**
 * Turns a finished request's attempts into latency samples for its caller region: the served attempt
 * with its time to first byte and its total time (until the answer's last byte, which for a stream is
 * now), each provider-side failure as a failure, and so is a served stream that broke off or stalled
 * on the provider's side. Runs once the answer has gone out, in memory only.
 */
export function recordRouteSamples(scores: LatencyScores, record: RequestRecord, streamEnd: StreamEnd | null, now: number = performance.now()): void {
  const trace = record.routing;
  if (!trace) return;
  const region = record.callerRegion ?? unlocatedRegion;
  for (const attempt of trace.attempts) {
    if (attempt.outcome === "ok" && streamEnd === "upstream_error") {
      scores.record(region, { target: attempt.target, ok: false });
    } else if (attempt.outcome === "ok") {
      const totalMs = trace.servedSince === null ? null : now - trace.servedSince;
      scores.record(region, { target: attempt.target, ok: true, firstByteMs: attempt.durationMs, totalMs });
    } else if (countsAgainstTarget(attempt.outcome)) {
      scores.record(region, { target: attempt.target, ok: false });
    }
  }
}
