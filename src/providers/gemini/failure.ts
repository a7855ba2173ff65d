import type { ErrorReason } from "../../errors/gateway-error";
import { parseRetryAfter } from "../shared/retry-after";
import { type GoogleError, googleErrorBodySchema, parseAs, readJson, statusCode } from "./wire";

/** Google's `RetryInfo.retryDelay` ("41s", "57.238747106s") in whole seconds, rounded up. */
function retryDelaySeconds(error: GoogleError | null): number | null {
  for (const detail of error?.details ?? []) {
    const match = detail.retryDelay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay);
    if (match?.[1] !== undefined) return Math.ceil(Number(match[1]));
  }
  return null;
}

/** Gemini answers a missing, wrong or expired key with a 400 whose ErrorInfo reason says so. */
function apiKeyReason(error: GoogleError | null): string | null {
  for (const detail of error?.details ?? []) {
    if (detail.reason !== undefined && /^API_KEY_[A-Z_]{1,50}$/.test(detail.reason)) return detail.reason;
  }
  return null;
}

/**
 * Maps a Gemini error answer (`{"error":{"code","message","status","details"}}`) to a reason; the
 * message is never read, only Google's status names. Failures that are the gateway's own doing (its
 * key, its model name, the project's billing or region) are `upstream_failed`, so routing tries the
 * next target and the client is not told its request was wrong; the request's own faults are
 * `upstream_rejected` with Google's status as the code (`invalid_argument`).
 */
export function geminiFailure(status: number, headers: Headers, upstreamBody: string): ErrorReason {
  const error = parseAs(googleErrorBodySchema, readJson(upstreamBody))?.error ?? null;
  const code = statusCode(error?.status);
  const named = code === null ? `${status}` : `${status} ${code.toUpperCase()}`;
  if (status === 429) {
    return { kind: "upstream_rate_limited", retryAfterSeconds: parseRetryAfter(headers.get("retry-after")) ?? retryDelaySeconds(error) };
  }
  if (status === 408) return { kind: "upstream_timeout", phase: "first_byte" };
  const keyReason = apiKeyReason(error);
  if (keyReason !== null) return { kind: "upstream_failed", status, detail: `Gemini refused the API key (${keyReason}): check the provider's key secret` };
  if (status === 401 || status === 403 || status === 404) {
    return { kind: "upstream_failed", status, detail: `Gemini answered ${named}: check its key and upstream model` };
  }
  // Google's documented FAILED_PRECONDITION is the free tier being unavailable in the caller's
  // country: billing and region, which another target may not share, and nothing the client can fix.
  if (code === "failed_precondition") {
    return { kind: "upstream_failed", status, detail: `Gemini answered ${named}: check the project's billing and the region it is called from` };
  }
  if (status >= 400 && status < 500) return { kind: "upstream_rejected", status, code, param: null };
  return { kind: "upstream_failed", status, detail: `Gemini answered ${named}` };
}
