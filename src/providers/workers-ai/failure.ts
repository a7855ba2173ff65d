import type { ErrorReason } from "../../errors/gateway-error";

/** The message of a binding error, as `send-upstream.ts` wrapped it (for classification only). */
function errorMessage(upstreamBody: string): string {
  try {
    const parsed = JSON.parse(upstreamBody) as { errors?: { message?: unknown }[] };
    const message = parsed.errors?.[0]?.message;
    return typeof message === "string" ? message : "";
  } catch {
    return "";
  }
}

/**
 * Workers AI reports failures as thrown errors whose messages start with a numeric code. Only the
 * code and a few stable phrases are read; the message itself never leaves the gateway.
 */
export function workersAIFailure(status: number, _headers: Headers, upstreamBody: string): ErrorReason {
  const message = errorMessage(upstreamBody);
  if (/\b(3036|3040)\b|capacity|rate limit/i.test(message)) return { kind: "upstream_rate_limited", retryAfterSeconds: null };
  if (/\b5007\b|no such model/i.test(message)) {
    return { kind: "upstream_failed", status: null, detail: "Workers AI does not know this model: check the target's model" };
  }
  if (/\b(5006|8001)\b|input validation|invalid input/i.test(message)) {
    return { kind: "upstream_rejected", status: 400, code: "invalid_input", param: null };
  }
  return { kind: "upstream_failed", status, detail: "Workers AI failed" };
}
