import type { Context, MiddlewareHandler } from "hono";
import { auditRequest, type PolicySource } from "../../audit/hand-over";
import type { RuntimeConfig } from "../../config/runtime-config";
import { formatCost, requestCost } from "../../observability/cost";
import { finishRequest } from "../../observability/finish-request";
import { newRequestRecord, type RequestRecord, servedBy, type StreamEnd } from "../../observability/request-record";
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
      clientIp: c.req.header("cf-connecting-ip") ?? null,
      colo: cfString(c.req.raw, "colo"),
      country: cfString(c.req.raw, "country"),
      continent: cfString(c.req.raw, "continent"),
    };
    const record = newRequestRecord(requestId, traceContext, c.req.method, c.req.path, origin);
    c.set("requestId", requestId);
    c.set("record", record);
    let handled = false;
    c.req.raw.signal?.addEventListener("abort", function clientHungUp() {
      // The runtime cancels a request whose client leaves before its answer; what it would have done
      // afterwards happens now: the log line, the settlement (at the reservation) and the audit record.
      if (handled) return;
      handled = true;
      record.errorKind ??= "client_disconnected";
      for (const work of afterRequest(c, record, clientClosedRequest, null, null, { clientLeft: true })) c.executionCtx.waitUntil(work);
    });

    await next();
    if (handled) return;
    handled = true;

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
      const finished = streamEnd.then((end) => Promise.all(afterRequest(c, record, status, end, costOf(record))));
      c.executionCtx.waitUntil(finished);
      return;
    }
    const cost = costOf(record);
    if (cost !== null) headers.set("x-switchboard-cost", `${formatCost(cost)}; currency=${record.currency}`);
    for (const work of afterRequest(c, record, status, null, cost)) c.executionCtx.waitUntil(work);
  };
}

/** The config's tenant policies, for the audit record of a request refused before its policy was resolved; none before the config loaded. */
function policySourceOf(c: Context<AppEnv>): PolicySource | null {
  const config = c.get("config") as RuntimeConfig | undefined;
  return config ? { tenants: config.tenants, ttlMs: config.limits.policyCacheTtlSeconds * 1000, contentLimitBytes: config.audit.maxContentBytes } : null;
}

/** nginx's "client closed request": the status the log and audit trail give a request its client left. */
const clientClosedRequest = 499;

/**
 * What follows a request's end, its stream's end, or its client's leaving: the log line and metrics,
 * the limiter's settlement, the routing's samples, and the audit record. Returns the work to keep alive.
 */
function afterRequest(
  c: Context<AppEnv>,
  record: RequestRecord,
  status: number,
  end: StreamEnd | null,
  cost: number | null,
  { clientLeft = false }: { clientLeft?: boolean } = {},
): Promise<void>[] {
  const outcome = finishRequest(c.env, record, status, end, cost, record.currency);
  const work = [
    settleRequest(c.env, record, cost, { clientLeft }),
    learnFromRoute(c.env, record, c.var.config, end),
    auditRequest(c.env, record, outcome, policySourceOf(c)),
  ];
  return work.filter((promise): promise is Promise<void> => promise !== null);
}
