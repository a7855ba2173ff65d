import { isolateBreakers } from "../routing/circuit-breaker";
import { isolateScores } from "../routing/latency-scores";
import { recentP95 } from "../routing/target-score";
import { Gauge } from "./metrics-registry";

const firstByte = new Gauge(
  "switchboard_target_first_byte_seconds",
  "Time to first byte of each target as seen from a caller region, by statistic (mean: moving average; p95: of the recent calls).",
);
const errorRatio = new Gauge("switchboard_target_error_ratio", "Moving share of calls to a target that failed on the provider's side, by caller region.");
const circuit = new Gauge("switchboard_target_circuit_open", "1 for each target whose circuit is open or half-open (probing), by state.");

/** The routing state of this isolate (scores shared through its region's Durable Object, circuits), read at scrape time. */
export function routingGauges(): Gauge[] {
  for (const gauge of [firstByte, errorRatio, circuit]) gauge.reset();
  for (const [region, scores] of isolateScores.regionsWithScores()) {
    for (const [target, score] of scores) {
      const labels = { caller_region: region, target };
      if (score.firstByteMs !== null) firstByte.set({ ...labels, statistic: "mean" }, score.firstByteMs / 1000);
      const p95 = recentP95(score);
      if (p95 !== null) firstByte.set({ ...labels, statistic: "p95" }, p95 / 1000);
      errorRatio.set(labels, score.errorRate);
    }
  }
  for (const { target, state } of isolateBreakers.notClosed()) circuit.set({ target, state }, 1);
  return [firstByte, errorRatio, circuit];
}
