import type { KillSwitchScope } from "../governance/kill-switches/switch";
import type { InputFinding } from "../guardrails/input/rule";
import type { ToolCallFinding } from "../guardrails/output/tool-calls";

/**
 * Every way a request can fail, as a tagged union. Internal detail (`detail`) is for logs only;
 * the mapper in `openai-error.ts` decides what a client may see.
 */
export type ErrorReason =
  | { readonly kind: "invalid_json" }
  | { readonly kind: "invalid_request"; readonly message: string; readonly param: string | null }
  | { readonly kind: "payload_too_large"; readonly limitBytes: number }
  | { readonly kind: "unauthenticated" }
  | { readonly kind: "forbidden_role"; readonly role: string }
  | { readonly kind: "model_not_found"; readonly model: string }
  | { readonly kind: "model_wrong_endpoint"; readonly model: string; readonly endpoint: string }
  | { readonly kind: "route_not_found"; readonly method: string; readonly path: string }
  /** The request pinned a provider (`x-switchboard-provider`) its key may not choose, or one that does not serve the model. */
  | { readonly kind: "provider_override_refused"; readonly provider: string; readonly allowed: boolean; readonly model: string }
  /** The key is pinned to a jurisdiction (or needs data policies) and no target of the model qualifies. */
  | {
      readonly kind: "residency_unavailable";
      readonly model: string;
      readonly jurisdiction: string | null;
      readonly dataPolicies: readonly string[];
    }
  /** The caller's access policy (docs/governance.md) does not allow the model. */
  | { readonly kind: "model_not_allowed"; readonly model: string }
  /** The caller's access policy allows none of the providers serving the model. */
  | { readonly kind: "provider_not_allowed"; readonly model: string; readonly providers: readonly string[] }
  /** The request declares tools the caller's access policy does not allow. */
  | { readonly kind: "tool_not_allowed"; readonly tools: readonly string[] }
  /** The key names a jurisdiction other than its tenant's: it cannot narrow to either, so it is refused. */
  | { readonly kind: "access_conflict"; readonly jurisdictions: readonly string[] }
  /** A limit of the tenant, the key or the key's model refused the request (docs/limits.md). */
  | {
      readonly kind: "rate_limited";
      readonly limit: "requests" | "tokens" | "concurrency";
      readonly subject: string;
      readonly retryAfterSeconds: number;
    }
  /** A spend budget of the day or month is used up; it frees at the next UTC day or month. */
  | { readonly kind: "budget_exhausted"; readonly period: "day" | "month"; readonly subject: string; readonly retryAfterSeconds: number }
  /** The request alone needs more tokens than a per-minute limit allows, so waiting would not help. */
  | { readonly kind: "request_exceeds_limit"; readonly limitTokens: number; readonly requestedTokens: number }
  /** The limiter could not be reached and the tenant's fail mode is `closed`. */
  | { readonly kind: "limiter_unavailable"; readonly detail: string }
  /** An auditor asked for another tenant's trail, or an admin named no tenant. */
  | { readonly kind: "audit_scope_refused"; readonly reason: "other_tenant" | "tenant_required" }
  /** An operator's kill switch refuses the request (docs/kill-switches.md); `id` is null for `all`. */
  | {
      readonly kind: "disabled";
      readonly scope: KillSwitchScope;
      readonly id: string | null;
      readonly reason: string;
    }
  /** The admin API was asked about a key id it does not know. */
  | { readonly kind: "key_not_found"; readonly keyId: string }
  /** An admin filter named a provider or target no model routes to. */
  | { readonly kind: "target_not_found"; readonly filter: "provider" | "target"; readonly name: string }
  /** An admin write's `If-Match` names a version other than the current one (a concurrent change). */
  | { readonly kind: "version_mismatch"; readonly expected: string; readonly current: string }
  /** An input rule refused the request, or the answer called tools not allowed (docs/guardrails.md). */
  | { readonly kind: "guardrail_blocked"; readonly side: "input"; readonly finding: InputFinding }
  /** More messages or tools than the tenant's `guardrails.input.maxMessages` / `maxTools`. */
  | { readonly kind: "too_many_items"; readonly field: "messages" | "tools"; readonly count: number; readonly max: number }
  | { readonly kind: "guardrail_blocked"; readonly side: "output"; readonly findings: readonly ToolCallFinding[] }
  | { readonly kind: "session_not_found" }
  /** The session's stored history with this request would pass `sessions.maxMessages` or `maxHistoryBytes`. */
  | { readonly kind: "session_too_large"; readonly limit: "messages" | "bytes"; readonly max: number }
  /** The session store could not be reached (or is not bound). */
  | { readonly kind: "sessions_unavailable"; readonly detail: string }
  | { readonly kind: "upstream_rate_limited"; readonly retryAfterSeconds: number | null }
  | {
      readonly kind: "upstream_rejected";
      readonly status: number;
      readonly code: string | null;
      readonly param: string | null;
    }
  /** The provider's content filter refused the prompt (Azure's `content_filter` 400). */
  | { readonly kind: "content_filtered" }
  | { readonly kind: "upstream_failed"; readonly status: number | null; readonly detail: string }
  | { readonly kind: "upstream_unreachable"; readonly detail: string }
  /** No response headers in time (`first_byte`), or the whole answer not in time (`total`). */
  | { readonly kind: "upstream_timeout"; readonly phase: "first_byte" | "total" }
  | { readonly kind: "provider_misconfigured"; readonly detail: string }
  | { readonly kind: "config_invalid"; readonly detail: string }
  | { readonly kind: "internal"; readonly detail: string };

/** The gateway's one exception type. */
export class GatewayError extends Error {
  override readonly name = "GatewayError";

  constructor(
    readonly reason: ErrorReason,
    options?: { cause?: unknown },
  ) {
    super(reason.kind, options);
  }
}

/** Failures worth trying on the next target: the provider, not the request, was at fault. */
export function isRetryable(reason: ErrorReason): boolean {
  return isRetryableKind(reason.kind);
}

/**
 * Failures that speak against the target's health (for its circuit and its error rate): the
 * retryable ones, except an unset key secret, which is the gateway's own configuration.
 */
export function countsAgainstTarget(kind: ErrorReason["kind"]): boolean {
  return kind !== "provider_misconfigured" && isRetryableKind(kind);
}

function isRetryableKind(kind: ErrorReason["kind"]): boolean {
  switch (kind) {
    case "upstream_rate_limited":
    case "upstream_failed":
    case "upstream_unreachable":
    case "upstream_timeout":
    case "provider_misconfigured":
      return true;
    case "rate_limited":
    case "budget_exhausted":
    case "request_exceeds_limit":
    case "limiter_unavailable":
    case "audit_scope_refused":
    case "disabled":
    case "key_not_found":
    case "target_not_found":
    case "version_mismatch":
    case "guardrail_blocked":
    case "too_many_items":
    case "session_not_found":
    case "session_too_large":
    case "sessions_unavailable":
    case "invalid_json":
    case "invalid_request":
    case "payload_too_large":
    case "unauthenticated":
    case "forbidden_role":
    case "model_not_found":
    case "model_wrong_endpoint":
    case "route_not_found":
    case "residency_unavailable":
    case "provider_override_refused":
    case "model_not_allowed":
    case "provider_not_allowed":
    case "tool_not_allowed":
    case "access_conflict":
    case "upstream_rejected":
    case "content_filtered":
    case "config_invalid":
    case "internal":
      return false;
  }
}
