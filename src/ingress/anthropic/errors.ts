import type { PublicError } from "../../errors/openai-error";

/** Anthropic's error types (https://docs.anthropic.com/en/api/errors). */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

export interface AnthropicErrorBody {
  readonly type: "error";
  readonly error: { readonly type: AnthropicErrorType; readonly message: string };
}

export interface AnthropicPublicError {
  readonly status: number;
  readonly body: AnthropicErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Anthropic's error type for an HTTP status, as its API documents them. 504 is `timeout_error`,
 * the type Anthropic's SDK knows for a gateway timeout; other 5xx are `api_error`.
 */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 504:
      return "timeout_error";
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

/**
 * The gateway's public error (already vetted by `toPublicError`) in Anthropic's shape: same
 * status, same message, same headers (`retry-after`, `www-authenticate`). OpenAI's `param` and
 * `code` have no place in Anthropic's body and are left out.
 */
export function toAnthropicError(error: PublicError): AnthropicPublicError {
  return {
    status: error.status,
    body: { type: "error", error: { type: anthropicErrorType(error.status), message: error.body.error.message } },
    headers: error.headers,
  };
}

/** The HTTP response for a failure on an Anthropic-format route. */
export function anthropicErrorResponse(error: PublicError): Response {
  const anthropic = toAnthropicError(error);
  return new Response(JSON.stringify(anthropic.body), {
    status: anthropic.status,
    headers: { "content-type": "application/json", ...anthropic.headers },
  });
}
