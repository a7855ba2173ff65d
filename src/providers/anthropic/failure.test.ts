import { describe, expect, it } from "vitest";
import { anthropicFailure } from "./failure";
import { errorBody } from "./test-fixtures";

const noHeaders = new Headers();

describe("Anthropic failure mapping", () => {
  it("passes a 429's Retry-After on as a rate limit", () => {
    const reason = anthropicFailure(429, new Headers({ "retry-after": "17" }), errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"));
    expect(reason).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: 17 });
    expect(anthropicFailure(429, noHeaders, "")).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: null });
  });

  it("treats 529 overloaded and 5xx as the provider's failure, worth another target", () => {
    expect(anthropicFailure(529, noHeaders, errorBody("overloaded_error", "Overloaded"))).toEqual({
      kind: "upstream_failed",
      status: 529,
      detail: "provider overloaded: answered 529 (overloaded_error)",
    });
    expect(anthropicFailure(500, noHeaders, errorBody("api_error", "Internal server error"))).toMatchObject({ kind: "upstream_failed", status: 500 });
    expect(anthropicFailure(504, noHeaders, errorBody("timeout_error", "Request timed out"))).toMatchObject({ kind: "upstream_failed", status: 504 });
    expect(anthropicFailure(502, noHeaders, "<html>Bad gateway</html>")).toEqual({ kind: "upstream_failed", status: 502, detail: "provider answered 502" });
  });

  it.each([
    [401, "authentication_error", "invalid x-api-key"],
    [402, "billing_error", "Your credit balance is too low"],
    [403, "permission_error", "Your API key does not have permission to use the specified resource."],
    [404, "not_found_error", "model: claude-nope"],
  ])("treats %i (%s) as a configuration fault", (status, type, message) => {
    const reason = anthropicFailure(status, noHeaders, errorBody(type, message));
    expect(reason).toMatchObject({ kind: "upstream_failed", status });
    expect(JSON.stringify(reason)).toContain(type);
    expect(JSON.stringify(reason)).not.toContain(message);
  });

  it.each([
    [400, "invalid_request_error", "messages: text content blocks must be non-empty"],
    [413, "request_too_large", "Request exceeds the maximum allowed number of bytes."],
    [422, "invalid_request_error", "Unprocessable"],
  ])("passes %i on as a rejection with the error type as code, never the message", (status, type, message) => {
    const reason = anthropicFailure(status, noHeaders, errorBody(type, message));
    expect(reason).toEqual({ kind: "upstream_rejected", status, code: type, param: null });
  });

  it("keeps no code that is not an identifier, nor any from a body that is not Anthropic's", () => {
    expect(anthropicFailure(400, noHeaders, errorBody("has spaces in it", "x"))).toEqual({ kind: "upstream_rejected", status: 400, code: null, param: null });
    expect(anthropicFailure(413, noHeaders, "<html>413 Request Entity Too Large</html>")).toEqual({ kind: "upstream_rejected", status: 413, code: null, param: null });
  });
});
