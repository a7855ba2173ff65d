import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { renderGatewayMetrics } from "../observability/gateway-metrics";

/** `GET /metrics` (admin role): this isolate's counters and histograms for Prometheus. */
export function metrics(c: Context<AppEnv>): Response {
  return c.body(renderGatewayMetrics(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
}
