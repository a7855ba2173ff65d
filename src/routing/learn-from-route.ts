import type { RuntimeConfig } from "../config/runtime-config";
import type { WorkerEnv } from "../env";
import type { RequestRecord, StreamEnd } from "../observability/request-record";
import { isolateScores, unlocatedRegion } from "./latency-scores";
import { recordRouteSamples } from "./record-samples";
import { shareHealth } from "./share-health";

/**
 * Once a routed request is over: its attempts become latency samples in isolate memory, and, when
 * the region's sync interval has passed, they are shared (the returned promise, for `waitUntil`).
 */
export function learnFromRoute(
  env: WorkerEnv,
  record: RequestRecord,
  config: RuntimeConfig | undefined,
  streamEnd: StreamEnd | null,
): Promise<void> | null {
  if (!record.routing || !config) return null;
  recordRouteSamples(isolateScores, record, streamEnd);
  return shareHealth(env, record.callerRegion ?? unlocatedRegion, config.latency);
}
