import type { MiddlewareHandler } from "hono";
import { writeRequestLog } from "../../observability/request-log";
import { newRequestRecord } from "../../observability/request-record";
import { routeHeaders } from "../../routing/route-headers";
import type { AppEnv } from "../context";
import { resolveRequestId } from "../request-id";

/**
 * First in the chain: names the request, starts its record, and on the way out stamps
 * `x-request-id` and the route headers on every answer (errors included) and writes the log line.
 */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const requestId = resolveRequestId(c.req.header("x-request-id"));
    const record = newRequestRecord(requestId, c.req.method, c.req.path);
    c.set("requestId", requestId);
    c.set("record", record);

    await next();

    c.res.headers.set("x-request-id", requestId);
    if (record.trace) {
      for (const [name, value] of Object.entries(routeHeaders(record.trace))) c.res.headers.set(name, value);
    }
    const status = c.res.status;
    if (record.streamEnd) {
      c.executionCtx.waitUntil(record.streamEnd.then((end) => writeRequestLog(record, status, end)));
    } else {
      writeRequestLog(record, status, null);
    }
  };
}
