import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimDirectives } from "./directives";
import { sendError, type ErrorDialect, type SimError } from "./errors";
import { sleep, waitForAbort } from "./http-io";
import type { SimulatedProvider } from "./profiles";

/** Everything a `/<provider>/...` handler needs about one request. */
export interface EndpointContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborts when the response closes, including when the client disconnects. */
  signal: AbortSignal;
  provider: SimulatedProvider;
  /** Draws from the provider's seeded PRNG: true when this request should fail. */
  shouldFail: () => boolean;
  body: string;
  /** The request URL (path and query; the host is a placeholder). */
  url: URL;
  /** How this provider's wire format shapes `status=` and failure-rate errors. */
  dialect: ErrorDialect;
}

/**
 * The part shared by every endpoint once the request is valid: latency, then `hang`,
 * `status=`, a format-specific directive error (`directiveError`) and the provider's failure rate.
 * Returns false when the response is already handled.
 */
export async function runPrelude(ctx: EndpointContext, directives: SimDirectives, directiveError?: SimError): Promise<boolean> {
  if (!(await sleep(ctx.provider.latencyMs + (directives.delayMs ?? 0), ctx.signal))) return false;
  if (directives.hang) {
    await waitForAbort(ctx.signal);
    return false;
  }
  if (directives.status !== undefined) {
    sendError(ctx.res, ctx.dialect.forStatus(directives.status, directives.retryAfterSeconds));
    return false;
  }
  if (directiveError !== undefined) {
    sendError(ctx.res, directiveError);
    return false;
  }
  if (ctx.shouldFail()) {
    sendError(ctx.res, ctx.dialect.forStatus(500));
    return false;
  }
  return !ctx.signal.aborted;
}
