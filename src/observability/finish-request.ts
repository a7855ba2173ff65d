import type { WorkerEnv } from "../env";
import { writeAnalyticsPoint } from "./analytics";
import { recordRequestMetrics } from "./gateway-metrics";
import { requestLogLine } from "./request-log";
import type { RequestRecord, StreamEnd } from "./request-record";

/** Everything that happens once a request is over: its log line, this isolate's metrics, the analytics point. */
export function finishRequest(
  env: WorkerEnv,
  record: RequestRecord,
  status: number,
  streamEnd: StreamEnd | null,
  cost: number | null,
  currency: string,
): void {
  const durationMs = performance.now() - record.startedAt;
  console.log(requestLogLine(record, { status, durationMs, streamEnd, cost, currency }));
  recordRequestMetrics(record, status, durationMs, cost, currency);
  writeAnalyticsPoint(env.METRICS, record, status, durationMs, cost);
}
