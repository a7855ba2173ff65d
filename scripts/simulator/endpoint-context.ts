import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimDirectives } from "./directives";
import { sendError, type ErrorDialect, type SimError } from "./errors";
import { answerFault, withFaultDefaults } from "./faults/apply";
import type { RequestFaults } from "./faults/types";
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
  /** The provider's run-time faults now, with this request's outcome drawn from their seeded sequence. */
  drawFaults: () => RequestFaults;
  body: string;
  /** The request URL (path and query; the host is a placeholder). */
  url: URL;
  /** How this provider's wire format shapes `status=` and failure-rate errors. */
  dialect: ErrorDialect;
}

/**
 * The part shared by every endpoint once the request is valid: latency, then `hang`,
 * `status=`, a format-specific directive error (`directiveError`), the provider's run-time
 * faults and its failure rate. Directives win over faults where both speak.
 * Resolves to the directives completed from the faults (stream timing, stall), or undefined
 * when the response is already handled.
 */
export async function runPrelude(
  ctx: EndpointContext,
  directives: SimDirectives,
  directiveError?: SimError,
): Promise<SimDirectives | undefined> {
  const faults = ctx.drawFaults();
  const effective = withFaultDefaults(directives, faults.settings);
  if (!(await sleep(ctx.provider.latencyMs + (effective.delayMs ?? 0), ctx.signal))) return undefined;
  if (directives.hang) {
    await waitForAbort(ctx.signal);
    return undefined;
  }
  if (directives.status !== undefined) {
    sendError(ctx.res, ctx.dialect.forStatus(directives.status, directives.retryAfterSeconds));
    return undefined;
  }
  if (directiveError !== undefined) {
    sendError(ctx.res, directiveError);
    return undefined;
  }
  if (await answerFault(ctx, faults, effective.retryAfterSeconds)) return undefined;
  if (ctx.shouldFail()) {
    sendError(ctx.res, ctx.dialect.forStatus(500));
    return undefined;
  }
  return ctx.signal.aborted ? undefined : effective;
}
