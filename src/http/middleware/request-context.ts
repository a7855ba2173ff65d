import type { MiddlewareHandler } from "hono";
import { formatCost, requestCost } from "../../observability/cost";
import { finishRequest } from "../../observability/finish-request";
import { newRequestRecord, type RequestRecord, servedBy } from "../../observability/request-record";
import { serverTimingHeader } from "../../observability/server-timing";
import { traceContextFrom } from "../../observability/trace-context";
import { rateLimitHeaders } from "../../limits/rate-limit-headers";
import { settleRequest } from "../../limits/settle-request";
import { routeHeaders } from "../../routing/route-headers";
import { learnFromRoute } from "../../routing/learn-from-route";
import type { AppEnv } from "../context";
import { resolveRequestId } from "../request-id";

function cfString(request: Request, field: "colo" | "country" | "continent"): string | null {
  const value: unknown = request.cf?.[field];
  return typeof value === "string" ? value : null;
}

function costOf(record: RequestRecord): number | null {
  return requestCost(record.usage, servedBy(record)?.pricing ?? null);
}

/**
 * First in the chain: names the request, starts its record, and on the way out stamps `x-request-id`,
 * the route, `Server-Timing` and cost headers on every answer (errors included), then finishes the
 * request (log line, metrics) — for a stream, once the stream has ended.
 */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const requestId = resolveRequestId(c.req.header("x-request-id"));
    const traceContext = traceContextFrom(c.req.header("traceparent"), c.req.header("tracestate"));
    const origin = {
      colo: cfString(c.req.raw, "colo"),
      country: cfString(c.req.raw, "country"),
      continent: cfString(c.req.raw, "continent"),
    };
    const record = newRequestRecord(requestId, traceContext, c.req.method, c.req.path, origin);
    c.set("requestId", requestId);
    c.set("record", record);

    await next();

    const headers = c.res.headers;
    headers.set("x-request-id", requestId);
    if (record.routing) {
      for (const [name, value] of Object.entries(routeHeaders(record.routing, record.callerRegion))) headers.set(name, value);
    }
    if (record.limits) {
      for (const [name, value] of Object.entries(rateLimitHeaders(record.limits.states))) headers.set(name, value);
    }
    headers.set("server-timing", serverTimingHeader(record, performance.now() - record.startedAt));
    const status = c.res.status;
    const streamEnd = record.streamEnd;
    if (streamEnd) {
      const finished = streamEnd.then((end) => {
        const cost = costOf(record);
        finishRequest(c.env, record, status, end, cost, record.currency);
        return Promise.all([settleRequest(c.env, record, cost), learnFromRoute(c.env, record, c.var.config, end)]);
      });
      c.executionCtx.waitUntil(finished);
      return;
    }
    const cost = costOf(record);
    if (cost !== null) headers.set("x-switchboard-cost", `${formatCost(cost)}; currency=${record.currency}`);
    finishRequest(c.env, record, status, null, cost, record.currency);
    for (const work of [settleRequest(c.env, record, cost), learnFromRoute(c.env, record, c.var.config, null)]) {
      if (work) c.executionCtx.waitUntil(work);
    }
  };
}
