import { describe, expect, it } from "vitest";
import type { ErrorReason } from "./gateway-error";
import { isRetryable } from "./gateway-error";
import { toPublicError } from "./openai-error";

const secretDetail = "detail-with-SECRET-sk-live-123";

// One example of every reason; the Record type makes the compiler demand a new entry for a new kind.
const examples: { [K in ErrorReason["kind"]]: Extract<ErrorReason, { kind: K }> } = {
  invalid_json: { kind: "invalid_json" },
  invalid_request: { kind: "invalid_request", message: "Invalid 'x'", param: "x" },
  payload_too_large: { kind: "payload_too_large", limitBytes: 10 },
  unauthenticated: { kind: "unauthenticated" },
  forbidden_role: { kind: "forbidden_role", role: "auditor" },
  model_not_found: { kind: "model_not_found", model: "m" },
  model_wrong_endpoint: { kind: "model_wrong_endpoint", model: "m", endpoint: "/v1/embeddings" },
  route_not_found: { kind: "route_not_found", method: "GET", path: "/x" },
  provider_override_refused: { kind: "provider_override_refused", provider: "p", allowed: true, model: "m" },
  residency_unavailable: { kind: "residency_unavailable", model: "m", jurisdiction: "eu", dataPolicies: ["no-training"] },
  model_not_allowed: { kind: "model_not_allowed", model: "m" },
  provider_not_allowed: { kind: "provider_not_allowed", model: "m", providers: ["p"] },
  tool_not_allowed: { kind: "tool_not_allowed", tools: ["t"] },
  access_conflict: { kind: "access_conflict", jurisdictions: ["eu", "us"] },
  rate_limited: { kind: "rate_limited", limit: "tokens", subject: "tenant t1", retryAfterSeconds: 12 },
  budget_exhausted: { kind: "budget_exhausted", period: "day", subject: "tenant t1", retryAfterSeconds: 3600 },
  request_exceeds_limit: { kind: "request_exceeds_limit", limitTokens: 1000, requestedTokens: 5000 },
  limiter_unavailable: { kind: "limiter_unavailable", detail: secretDetail },
  audit_scope_refused: { kind: "audit_scope_refused", reason: "other_tenant" },
  disabled: { kind: "disabled", scope: "all", id: null, reason: "incident 42" },
  key_not_found: { kind: "key_not_found", keyId: "key_0123" },
  target_not_found: { kind: "target_not_found", filter: "provider", name: "openai-us" },
  version_mismatch: { kind: "version_mismatch", expected: "kv:0011", current: "kv:2233" },
  guardrail_blocked: { kind: "guardrail_blocked", side: "input", finding: { rule: "hidden_unicode", severity: "high", messageIndex: 0, detail: "tag character ×3" } },
  too_many_items: { kind: "too_many_items", field: "tools", count: 200, max: 128 },
  session_not_found: { kind: "session_not_found" },
  session_too_large: { kind: "session_too_large", limit: "messages", max: 200 },
  sessions_unavailable: { kind: "sessions_unavailable", detail: secretDetail },
  upstream_rate_limited: { kind: "upstream_rate_limited", retryAfterSeconds: 3 },
  upstream_rejected: { kind: "upstream_rejected", status: 422, code: null, param: null },
  content_filtered: { kind: "content_filtered" },
  upstream_failed: { kind: "upstream_failed", status: 500, detail: secretDetail },
  upstream_unreachable: { kind: "upstream_unreachable", detail: secretDetail },
  upstream_timeout: { kind: "upstream_timeout", phase: "first_byte" },
  provider_misconfigured: { kind: "provider_misconfigured", detail: secretDetail },
  config_invalid: { kind: "config_invalid", detail: secretDetail },
  internal: { kind: "internal", detail: secretDetail },
};

describe("toPublicError", () => {
  it.each(Object.values(examples))("maps $kind to an OpenAI error without internal detail", (reason) => {
    const error = toPublicError(reason);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(600);
    expect(Object.keys(error.body.error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(error.body.error.message.length).toBeGreaterThan(0);
    expect(JSON.stringify(error)).not.toContain("SECRET");
  });

  it("gives client mistakes 4xx and gateway or provider failures 5xx (except rate limits)", () => {
    const clientFaults: ErrorReason["kind"][] = ["invalid_json", "invalid_request", "payload_too_large", "unauthenticated", "forbidden_role", "model_not_found", "model_wrong_endpoint", "route_not_found", "upstream_rejected", "content_filtered", "residency_unavailable", "provider_override_refused", "request_exceeds_limit", "audit_scope_refused", "key_not_found", "target_not_found", "version_mismatch", "session_not_found", "session_too_large", "model_not_allowed", "provider_not_allowed", "tool_not_allowed", "access_conflict", "guardrail_blocked", "too_many_items"];
    const refusedByLimits: ErrorReason["kind"][] = ["upstream_rate_limited", "rate_limited", "budget_exhausted"];
    for (const reason of Object.values(examples)) {
      const status = toPublicError(reason).status;
      if (clientFaults.includes(reason.kind)) expect(status, reason.kind).toBeLessThan(500);
      else if (refusedByLimits.includes(reason.kind)) expect(status, reason.kind).toBe(429);
      else expect(status, reason.kind).toBeGreaterThanOrEqual(500);
    }
  });

  it("passes Retry-After on only when the provider gave one", () => {
    expect(toPublicError({ kind: "upstream_rate_limited", retryAfterSeconds: 3 }).headers["retry-after"]).toBe("3");
    expect(toPublicError({ kind: "upstream_rate_limited", retryAfterSeconds: null }).headers["retry-after"]).toBeUndefined();
  });

  it("tells a client refused by a limit when to come back", () => {
    expect(toPublicError(examples.rate_limited).headers["retry-after"]).toBe("12");
    expect(toPublicError(examples.budget_exhausted).headers["retry-after"]).toBe("3600");
    expect(toPublicError(examples.budget_exhausted).body.error.code).toBe("insufficient_quota");
  });

  it("retries only failures that are the provider's fault", () => {
    const retryable = Object.values(examples).filter(isRetryable).map((reason) => reason.kind).sort();
    expect(retryable).toEqual(["provider_misconfigured", "upstream_failed", "upstream_rate_limited", "upstream_timeout", "upstream_unreachable"]);
  });
});
