import type { WorkerEnv } from "../env";
import { writeAnalyticsPoint } from "./analytics";
import { recordRequestMetrics } from "./gateway-metrics";
import { type RequestOutcome, requestLogLine } from "./request-log";
import type { RequestRecord, StreamEnd } from "./request-record";

/** Everything that happens once a request is over: its log line, this isolate's metrics, the analytics point; returns how it ended. */
export function finishRequest(
  env: WorkerEnv,
  record: RequestRecord,
  status: number,
  streamEnd: StreamEnd | null,
  cost: number | null,
  currency: string,
): RequestOutcome {
  const durationMs = performance.now() - record.startedAt;
  const outcome: RequestOutcome = { status, durationMs, streamEnd, cost, currency };
  console.log(requestLogLine(record, outcome));
  recordRequestMetrics(record, status, durationMs, cost, currency);
  writeAnalyticsPoint(env.METRICS, record, status, durationMs, cost);
  return outcome;
}
