import type { ErrorReason } from "../../errors/gateway-error";
import { parseRetryAfter } from "./retry-after";

const safeToken = /^[A-Za-z0-9_.\-[\]]{1,64}$/;

/** Keeps an upstream `code`/`param` only when it is a short identifier, never free text. */
export function safeField(value: unknown): string | null {
  return typeof value === "string" && safeToken.test(value) ? value : null;
}

export function errorObject(upstreamBody: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(upstreamBody);
    if (typeof parsed !== "object" || parsed === null) return null;
    const error: unknown = (parsed as { error?: unknown }).error;
    return typeof error === "object" && error !== null ? (error as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Maps an OpenAI-style error answer to a reason. A 4xx other than auth, not-found and rate limits
 * is the request's fault and is passed on as a 400 with the upstream's code and param (identifiers
 * only); auth and not-found failures are the gateway's configuration at fault, so they are 502s.
 */
export function openAIStyleFailure(status: number, headers: Headers, upstreamBody: string): ErrorReason {
  if (status === 429) {
    return { kind: "upstream_rate_limited", retryAfterSeconds: parseRetryAfter(headers.get("retry-after")) };
  }
  if (status === 408) return { kind: "upstream_timeout", phase: "first_byte" };
  if (status === 401 || status === 403 || status === 404) {
    return { kind: "upstream_failed", status, detail: `provider answered ${status}: check its key and upstream model` };
  }
  if (status >= 400 && status < 500) {
    const error = errorObject(upstreamBody);
    return { kind: "upstream_rejected", status, code: safeField(error?.code), param: safeField(error?.param) };
  }
  return { kind: "upstream_failed", status, detail: `provider answered ${status}` };
}
