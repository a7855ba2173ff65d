import { UPSTREAM_CANARY, type ErrorDialect, type SimError } from "../errors";
import type { JsonObject, JsonValue } from "../json";

/** google.rpc.Code names by HTTP status, as the Generative Language API reports them. */
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const MESSAGES: Record<number, string> = {
  400: "Request contains an invalid argument.",
  401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
  403: "The caller does not have permission",
  404: "Requested entity was not found.",
  429: "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
  500: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  503: "The model is overloaded. Please try again later.",
  504: "The request timed out. Please try again.",
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? (code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION");
}

/** Google's error body: `{"error":{"code","message","status","details"?}}`. */
export function googleErrorBody(code: number, message: string, details?: JsonValue[]): JsonObject {
  const error: JsonObject = { code, message: `${message} (${UPSTREAM_CANARY})`, status: statusName(code) };
  if (details !== undefined) error.details = details;
  return { error };
}

export function googleError(code: number, message: string, details?: JsonValue[]): SimError {
  return { status: code, body: googleErrorBody(code, message, details) };
}

export function invalidArgument(message: string): SimError {
  return googleError(400, message);
}

/** Gemini answers a wrong key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID (not a 401). */
export function apiKeyInvalid(): SimError {
  return googleError(400, "API key not valid. Please pass a valid API key.", [
    {
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "API_KEY_INVALID",
      domain: "googleapis.com",
      metadata: { service: "generativelanguage.googleapis.com" },
    },
  ]);
}

/** ... and a missing key with 403 PERMISSION_DENIED. */
export function unregisteredCaller(): SimError {
  return googleError(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

export function modelNotFound(model: string, method: string): SimError {
  return googleError(
    404,
    `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  );
}

export const geminiDialect: ErrorDialect = {
  forStatus(status, retryAfterSeconds) {
    const message = MESSAGES[status] ?? `Simulated upstream error with status ${status}.`;
    if (status !== 429) return googleError(status, message);
    // Gemini sends no Retry-After header: the delay is a RetryInfo detail.
    return googleError(status, message, [
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds ?? 1}s` },
    ]);
  },
};

/** The error object a stream ends with under `stream_error=<n>`. */
export function streamErrorBody(): JsonObject {
  return googleErrorBody(503, "The model is overloaded. Please try again later.");
}
