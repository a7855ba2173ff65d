import { killSwitchLabel } from "../governance/kill-switches/switch";
import { toolCallBlockedMessage } from "../guardrails/output/tool-calls";
import type { ErrorReason } from "./gateway-error";

export interface OpenAIErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

export interface PublicError {
  readonly status: number;
  readonly body: OpenAIErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

const limitDescription = {
  requests: "requests per minute",
  tokens: "tokens per minute",
  concurrency: "concurrent requests",
} as const;

function publicError(
  status: number,
  type: string,
  code: string | null,
  message: string,
  param: string | null = null,
  headers: Record<string, string> = {},
): PublicError {
  return { status, body: { error: { message, type, param, code } }, headers };
}

/**
 * A kill switch's refusal, with the operator's reason. A principal switched off (`tenant`, `key`) gets
 * 403, since retrying will not help it; the rest describe the service being unavailable, so 503.
 */
function disabledError(reason: Extract<ErrorReason, { kind: "disabled" }>): PublicError {
  const principalSwitch = reason.scope === "tenant" || reason.scope === "key";
  const what = reason.id === null ? "The gateway" : `The ${reason.scope} '${reason.id}'`;
  const headers = { "x-switchboard-kill-switch": killSwitchLabel(reason) };
  const message = `${what} is disabled by the operator: ${reason.reason}`;
  return principalSwitch
    ? publicError(403, "permission_error", "disabled_by_operator", message, null, headers)
    : publicError(503, "api_error", "disabled_by_operator", message, reason.scope === "model" ? "model" : null, headers);
}

/**
 * A guardrail's refusal. It names the rule and what it saw, never the text: an input block is the
 * request's fault (400); an answer calling tools not allowed is 422, since the request was valid and
 * retrying it (as SDKs do on 5xx) would pay for the same answer again.
 */
function guardrailError(reason: Extract<ErrorReason, { kind: "guardrail_blocked" }>): PublicError {
  if (reason.side === "output") {
    return publicError(422, "guardrail_error", "tool_call_blocked", toolCallBlockedMessage(reason.findings));
  }
  const { rule, severity, detail, messageIndex } = reason.finding;
  return publicError(
    400,
    "invalid_request_error",
    "guardrail_blocked",
    `The request was blocked by the input guardrail '${rule}': ${severity} finding in messages[${messageIndex}] (${detail}).`,
    "messages",
  );
}

/**
 * The one mapping from internal reasons to what a client sees, in OpenAI's error shape. Upstream
 * failures get deliberately generic messages: an upstream's body can carry keys, account ids or
 * internal hostnames, so none of it is ever copied here.
 */
export function toPublicError(reason: ErrorReason): PublicError {
  switch (reason.kind) {
    case "invalid_json":
      return publicError(400, "invalid_request_error", "invalid_json", "The request body is not valid JSON.");
    case "invalid_request":
      return publicError(400, "invalid_request_error", "invalid_value", reason.message, reason.param);
    case "too_many_items":
      return publicError(
        400,
        "invalid_request_error",
        `too_many_${reason.field}`,
        `The request has ${reason.count} ${reason.field}; this tenant allows at most ${reason.max} (guardrails.input.${reason.field === "messages" ? "maxMessages" : "maxTools"}).`,
        reason.field,
      );
    case "payload_too_large":
      return publicError(
        413,
        "invalid_request_error",
        "request_too_large",
        `The request body exceeds the limit of ${reason.limitBytes} bytes.`,
      );
    case "unauthenticated":
      return publicError(
        401,
        "invalid_request_error",
        "invalid_api_key",
        "Missing, unknown or revoked API key. Send it as 'Authorization: Bearer sk-sb-...' (or in 'x-api-key').",
        null,
        { "www-authenticate": 'Bearer realm="switchboard"' },
      );
    case "forbidden_role":
      return publicError(
        403,
        "permission_error",
        "insufficient_role",
        `This API key's role ('${reason.role}') is not allowed to use this endpoint.`,
      );
    case "model_not_found":
      return publicError(
        404,
        "invalid_request_error",
        "model_not_found",
        `The model '${reason.model}' does not exist or you do not have access to it.`,
        "model",
      );
    case "model_wrong_endpoint":
      return publicError(
        400,
        "invalid_request_error",
        "model_not_supported",
        `The model '${reason.model}' cannot be used with ${reason.endpoint}.`,
        "model",
      );
    case "route_not_found":
      return publicError(
        404,
        "invalid_request_error",
        "unknown_url",
        `Unknown request URL: ${reason.method} ${reason.path}.`,
      );
    case "provider_override_refused":
      return reason.allowed
        ? publicError(
            400,
            "invalid_request_error",
            "provider_not_available",
            `The provider '${reason.provider}' does not serve the model '${reason.model}' for this request.`,
            "x-switchboard-provider",
          )
        : publicError(
            403,
            "permission_error",
            "provider_override_not_allowed",
            "This API key may not choose its provider; remove the x-switchboard-provider header.",
            "x-switchboard-provider",
          );
    case "residency_unavailable": {
      const where = reason.jurisdiction === null ? "" : ` in jurisdiction '${reason.jurisdiction}'`;
      const how = reason.dataPolicies.length === 0 ? "" : ` with data policies ${reason.dataPolicies.join(", ")}`;
      return publicError(
        403,
        "permission_error",
        "residency_restricted",
        `The model '${reason.model}' has no target${where}${how}, which this API key requires; it is never served elsewhere.`,
        "model",
      );
    }
    case "model_not_allowed":
      return publicError(403, "permission_error", "model_not_allowed", `This API key may not use the model '${reason.model}'.`, "model");
    case "provider_not_allowed":
      return publicError(
        403,
        "permission_error",
        "provider_not_allowed",
        `The model '${reason.model}' has no target on a provider this API key may use (${reason.providers.join(", ") || "none"}).`,
        "model",
      );
    case "tool_not_allowed":
      return publicError(403, "permission_error", "tool_not_allowed", `This API key may not use the tools: ${reason.tools.join(", ")}.`, "tools");
    case "access_conflict":
      return publicError(
        403,
        "permission_error",
        "access_conflict",
        `This API key's jurisdiction contradicts its tenant's policy (${reason.jurisdictions.join(" vs ")}), so it may call no model. Ask an administrator for a key within the tenant's policy.`,
      );
    case "rate_limited":
      return publicError(
        429,
        "rate_limit_error",
        "rate_limit_exceeded",
        `Rate limit reached for ${reason.subject}: ${limitDescription[reason.limit]}. Retry after ${reason.retryAfterSeconds} s.`,
        null,
        { "retry-after": String(reason.retryAfterSeconds) },
      );
    case "budget_exhausted":
      return publicError(
        429,
        "insufficient_quota",
        "insufficient_quota",
        `The spend budget of ${reason.subject} for this ${reason.period} (UTC) is used up. It renews in ${reason.retryAfterSeconds} s.`,
        null,
        { "retry-after": String(reason.retryAfterSeconds) },
      );
    case "request_exceeds_limit":
      return publicError(
        400,
        "invalid_request_error",
        "request_exceeds_token_limit",
        `This request may use up to ${reason.requestedTokens} tokens (its prompt plus max_tokens), more than the limit of ${reason.limitTokens} tokens per minute. Lower max_tokens or shorten the prompt.`,
        "max_tokens",
      );
    case "limiter_unavailable":
      return publicError(503, "api_error", "limiter_unavailable", "The rate limiter could not be reached, so the request was not admitted. Try again shortly.", null, {
        "retry-after": "1",
      });
    case "audit_scope_refused":
      return reason.reason === "other_tenant"
        ? publicError(403, "permission_error", "audit_scope_refused", "This key may read only its own tenant's audit trail.", "tenant")
        : publicError(400, "invalid_request_error", "invalid_value", "Name the tenant whose audit trail to read: ?tenant=<id>.", "tenant");
    case "disabled":
      return disabledError(reason);
    case "target_not_found":
      return publicError(404, "invalid_request_error", `${reason.filter}_not_found`, `No model routes to a ${reason.filter} named '${reason.name}'.`, reason.filter);
    case "key_not_found":
      return publicError(404, "invalid_request_error", "key_not_found", `No API key with the id '${reason.keyId}'.`, "keyId");
    case "version_mismatch":
      return publicError(
        412,
        "invalid_request_error",
        "version_mismatch",
        `The resource changed: its version is '${reason.current}', not '${reason.expected}'. Read it again and retry.`,
        "If-Match",
      );
    case "guardrail_blocked":
      return guardrailError(reason);
    case "session_not_found":
      return publicError(404, "invalid_request_error", "session_not_found", "No such session.", "x-session-id");
    case "session_too_large":
      return publicError(
        400,
        "invalid_request_error",
        "session_history_too_large",
        reason.limit === "messages"
          ? `The session would hold more than ${reason.max} messages. Delete it (DELETE /v1/sessions/{id}) or start a new one.`
          : `The session's history would exceed ${reason.max} bytes. Delete it (DELETE /v1/sessions/{id}) or start a new one.`,
        "x-session-id",
      );
    case "sessions_unavailable":
      return publicError(503, "api_error", "sessions_unavailable", "The session store could not be reached. Try again shortly.", null, { "retry-after": "1" });
    case "upstream_rate_limited":
      return publicError(
        429,
        "rate_limit_error",
        "rate_limit_exceeded",
        "The model provider is rate limiting requests. Retry after the indicated time.",
        null,
        reason.retryAfterSeconds === null ? {} : { "retry-after": String(reason.retryAfterSeconds) },
      );
    case "upstream_rejected":
      return publicError(
        400,
        "invalid_request_error",
        reason.code ?? "upstream_rejected",
        `The model provider rejected the request (HTTP ${reason.status}).`,
        reason.param,
      );
    case "content_filtered":
      return publicError(
        400,
        "invalid_request_error",
        "content_filter",
        "The model provider's content filter blocked this prompt.",
        "messages",
      );
    case "upstream_failed":
    case "upstream_unreachable":
    case "provider_misconfigured":
      return publicError(502, "api_error", "upstream_error", "The model provider failed to answer. Try again later.");
    case "upstream_timeout":
      return publicError(
        504,
        "api_error",
        "upstream_timeout",
        reason.phase === "first_byte" ? "The model provider did not answer in time." : "The model provider did not finish its answer in time.",
      );
    case "config_invalid":
      return publicError(500, "api_error", "gateway_misconfigured", "The gateway is misconfigured.");
    case "internal":
      return publicError(500, "api_error", "internal_error", "The gateway failed to process the request.");
  }
}
