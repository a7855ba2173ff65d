import { randomBytes } from "node:crypto";
import { UPSTREAM_CANARY, type ErrorDialect, type SimError } from "../errors";
import type { JsonObject } from "../json";

/** The `error.type` Anthropic sends with each status (docs: "HTTP errors"). */
const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const MESSAGE_BY_TYPE: Record<string, string> = {
  invalid_request_error: "Simulated invalid request.",
  authentication_error: "invalid x-api-key",
  billing_error: "Your credit balance is too low to access the Anthropic API.",
  permission_error: "Your API key does not have permission to use the specified resource.",
  not_found_error: "The requested resource could not be found.",
  request_too_large: "Request exceeds the maximum allowed number of bytes.",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit.",
  api_error: "Internal server error",
  timeout_error: "Request timed out.",
  overloaded_error: "Overloaded",
};

/** A `request-id` like Anthropic's (`req_` and an opaque suffix). */
export function newRequestId(): string {
  return `req_sim${randomBytes(12).toString("hex")}`;
}

export function errorType(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** Anthropic's error body: `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicErrorBody(type: string, message: string, requestId: string): JsonObject {
  return { type: "error", error: { type, message: `${message} (${UPSTREAM_CANARY})` }, request_id: requestId };
}

export function anthropicError(status: number, message: string, requestId: string, headers?: Record<string, string>): SimError {
  const error: SimError = { status, body: anthropicErrorBody(errorType(status), message, requestId) };
  if (headers !== undefined) error.headers = headers;
  return error;
}

export function invalidRequest(message: string, requestId: string): SimError {
  return anthropicError(400, message, requestId);
}

export function anthropicDialect(requestId: string): ErrorDialect {
  return {
    forStatus(status, retryAfterSeconds) {
      const message = MESSAGE_BY_TYPE[errorType(status)] ?? `Simulated upstream error with status ${status}.`;
      const headers = status === 429 ? { "retry-after": String(retryAfterSeconds ?? 1) } : undefined;
      return anthropicError(status, message, requestId, headers);
    },
  };
}

/** The SSE `event: error` payload of `stream_error=<n>` (exactly as the brief and Anthropic's docs show it). */
export function overloadedStreamError(): JsonObject {
  return { type: "error", error: { type: "overloaded_error", message: `Overloaded ${UPSTREAM_CANARY}` } };
}
