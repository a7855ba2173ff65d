import { describe, expect, it } from "vitest";
import { type PublicError, toPublicError } from "../../errors/openai-error";
import { anthropicErrorResponse, anthropicErrorType, toAnthropicError } from "./errors";

describe("Anthropic error shape", () => {
  it("keeps status, message and headers, in Anthropic's body", async () => {
    const limited = toPublicError({ kind: "upstream_rate_limited", retryAfterSeconds: 7 });
    expect(toAnthropicError(limited)).toEqual({
      status: 429,
      body: {
        type: "error",
        error: { type: "rate_limit_error", message: limited.body.error.message },
      },
      headers: { "retry-after": "7" },
    });

    // A literal public error, so this test does not follow the wording of toPublicError's messages.
    const unauthenticated: PublicError = {
      status: 401,
      body: { error: { message: "Missing API key.", type: "invalid_request_error", param: null, code: "invalid_api_key" } },
      headers: { "www-authenticate": 'Bearer realm="switchboard"' },
    };
    const response = anthropicErrorResponse(unauthenticated);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
    expect(await response.text()).toBe('{"type":"error","error":{"type":"authentication_error","message":"Missing API key."}}');
  });

  it("maps a validation failure to invalid_request_error with the same message", () => {
    const invalid = toPublicError({ kind: "invalid_request", message: "Invalid 'max_tokens': too small", param: "max_tokens" });
    expect(toAnthropicError(invalid).body).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "Invalid 'max_tokens': too small" },
    });
  });

  it("maps each documented status to Anthropic's type", () => {
    const table: Array<[number, string]> = [
      [400, "invalid_request_error"],
      [401, "authentication_error"],
      [403, "permission_error"],
      [404, "not_found_error"],
      [413, "request_too_large"],
      [429, "rate_limit_error"],
      [500, "api_error"],
      [502, "api_error"],
      [503, "api_error"],
      [504, "timeout_error"],
      [529, "overloaded_error"],
      [422, "invalid_request_error"],
    ];
    for (const [status, type] of table) expect([status, anthropicErrorType(status)]).toEqual([status, type]);
  });
});
