import { Counter, Histogram, renderPrometheus } from "./metrics-registry";
import { type RequestRecord, servedBy } from "./request-record";
import { routingGauges } from "./routing-metrics";

const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const requests = new Counter("switchboard_requests_total", "Requests answered, by public model, provider and HTTP status.");
const duration = new Histogram(
  "switchboard_request_duration_seconds",
  "Time from arrival to the end of the answer (for streams, the end of the stream).",
  latencyBucketsSeconds,
);
const upstreamFirstByte = new Histogram(
  "switchboard_upstream_first_byte_seconds",
  "Time from the first upstream attempt to the serving provider's response headers.",
  latencyBucketsSeconds,
);
const tokens = new Counter("switchboard_tokens_total", "Tokens reported by providers, by direction (input or output).");
const cost = new Counter("switchboard_cost_total", "Cost of served requests from the configured prices, by currency.");
const failedAttempts = new Counter("switchboard_failed_attempts_total", "Upstream attempts that failed, by provider and reason.");
const limitDecisions = new Counter(
  "switchboard_limit_decisions_total",
  "Requests checked against rate limits and budgets, by outcome (admitted, refused, unavailable: the limiter was unreachable and the tenant fails open) and, for refusals, the error reason.",
);
const isolateStarted = Math.floor(Date.now() / 1000);

const all = [requests, duration, upstreamFirstByte, tokens, cost, failedAttempts, limitDecisions];

/** Adds one finished request to this isolate's metrics. */
export function recordRequestMetrics(record: RequestRecord, status: number, durationMs: number, requestCost: number | null, currency: string): void {
  const served = servedBy(record);
  const labels = { model: record.routedModel ?? "", provider: served?.provider ?? "" };
  requests.inc({ ...labels, status: String(status) });
  duration.observe(labels, durationMs / 1000);
  const upstreamMs = record.phaseMs.upstream;
  if (served && upstreamMs !== undefined) upstreamFirstByte.observe(labels, upstreamMs / 1000);
  if (record.usage) {
    tokens.inc({ ...labels, direction: "input" }, record.usage.inputTokens);
    tokens.inc({ ...labels, direction: "output" }, record.usage.outputTokens);
  }
  if (requestCost !== null) cost.inc({ ...labels, currency }, requestCost);
  if (record.limits) limitDecisions.inc({ outcome: record.limits.outcome, reason: record.limits.outcome === "refused" ? (record.errorKind ?? "") : "" });
  else if (record.errorKind === "limiter_unavailable") limitDecisions.inc({ outcome: "unavailable_refused", reason: "limiter_unavailable" });
  for (const attempt of record.routing?.attempts ?? []) {
    if (attempt.outcome !== "ok") failedAttempts.inc({ provider: attempt.provider, reason: attempt.outcome });
  }
}

/** This isolate's metrics in the Prometheus text format. */
export function renderGatewayMetrics(): string {
  const gauges = routingGauges();
  const dropped = [...all, ...gauges].reduce((sum, metric) => sum + metric.dropped, 0);
  const footer = [
    "# HELP switchboard_isolate_start_time_seconds When this isolate started; each scrape sees one isolate.",
    "# TYPE switchboard_isolate_start_time_seconds gauge",
    `switchboard_isolate_start_time_seconds ${isolateStarted}`,
    "# HELP switchboard_metrics_dropped_series_total Label sets not recorded because a metric reached its series limit.",
    "# TYPE switchboard_metrics_dropped_series_total counter",
    `switchboard_metrics_dropped_series_total ${dropped}`,
  ].join("\n");
  return `${renderPrometheus([...all, ...gauges])}${footer}\n`;
}
