import type { SimDirectives } from "../directives";
import type { EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { waitForAbort } from "../http-io";
import type { ProviderFaults, RequestFaults } from "./types";

/**
 * A request's directives with what they leave unset taken from its provider's faults: the
 * directives win, and a stream-breaking directive (`drop_after`, `stream_error`) keeps the
 * faults' `stallAfterChunks` out of its way.
 */
export function withFaultDefaults(directives: SimDirectives, faults: ProviderFaults): SimDirectives {
  const breaksStream = directives.dropAfter !== undefined || directives.streamError !== undefined;
  return {
    ...directives,
    delayMs: directives.delayMs ?? faults.latencyMs,
    ttftMs: directives.ttftMs ?? faults.ttftMs,
    chunkDelayMs: directives.chunkDelayMs ?? faults.chunkDelayMs,
    stallAfter: directives.stallAfter ?? (breaksStream ? undefined : faults.stallAfterChunks),
    retryAfterSeconds: directives.retryAfterSeconds ?? faults.retryAfterSeconds,
  };
}

/**
 * Answers a request as its drawn fault outcome says (hang, reset the connection, 429, or
 * `errorStatus` in the provider's error format). Resolves false when the request should go on.
 */
export async function answerFault(ctx: EndpointContext, faults: RequestFaults, retryAfterSeconds: number | undefined): Promise<boolean> {
  switch (faults.outcome) {
    case "none":
      return false;
    case "hang":
      await waitForAbort(ctx.signal);
      return true;
    case "reset":
      // Destroys the socket: the client sees the connection close with no response at all.
      ctx.res.destroy();
      return true;
    case "rate_limit":
      sendError(ctx.res, ctx.dialect.forStatus(429, retryAfterSeconds));
      return true;
    case "error":
      sendError(ctx.res, ctx.dialect.forStatus(faults.settings.errorStatus ?? 500, retryAfterSeconds));
      return true;
  }
}
