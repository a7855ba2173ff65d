import type { ErrorReason } from "../../errors/gateway-error";
import { parseRetryAfter } from "../shared/retry-after";
import { safeField } from "../shared/openai-failure";
import { errorBodySchema, narrow, parseJson } from "./wire";

/** The `error.type` of an Anthropic error body (`rate_limit_error`, ...) when it is an identifier. */
function errorType(upstreamBody: string): string | null {
  return safeField(narrow(errorBodySchema, parseJson(upstreamBody))?.error.type);
}

/**
 * Maps an Anthropic error answer to a reason. 429 is our account's rate limit and 529 is Anthropic
 * overloaded: both are worth another target. 401, 402 (billing), 403 and 404 mean our key, account or
 * upstream model is wrong, a configuration fault rather than the client's. Other 4xx are the request's
 * fault; only the error type, an identifier, is passed on, never the message.
 */
export function anthropicFailure(status: number, headers: Headers, upstreamBody: string): ErrorReason {
  const type = errorType(upstreamBody);
  const named = type === null ? `${status}` : `${status} (${type})`;
  if (status === 429) return { kind: "upstream_rate_limited", retryAfterSeconds: parseRetryAfter(headers.get("retry-after")) };
  if (status === 529) return { kind: "upstream_failed", status, detail: `provider overloaded: answered ${named}` };
  if (status === 408) return { kind: "upstream_timeout", phase: "first_byte" };
  if (status === 401 || status === 402 || status === 403 || status === 404) {
    return { kind: "upstream_failed", status, detail: `provider answered ${named}: check its key, billing and upstream model` };
  }
  if (status >= 400 && status < 500) return { kind: "upstream_rejected", status, code: type, param: null };
  return { kind: "upstream_failed", status, detail: `provider answered ${named}` };
}
