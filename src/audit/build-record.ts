import { type RequestOutcome, roundedPhasesMs, roundMs } from "../observability/request-log";
import { type RequestRecord, servedBy } from "../observability/request-record";
import { routeExplanation } from "../routing/route-headers";
import type { AuditContent } from "./audit-content";
import { auditSchemaVersion } from "./contract";
import type { AuditRecord } from "./record";

/** The audit record of a finished request, from the facts its record gathered, the policy it was served under, and its content. */
export function auditRecordOf(record: RequestRecord, outcome: RequestOutcome, policyVersion: string, content: AuditContent): AuditRecord {
  const served = servedBy(record);
  const routing = record.routing;
  return {
    v: auditSchemaVersion,
    kind: "request",
    requestId: record.requestId,
    time: new Date(record.receivedAt).toISOString(),
    tenantId: record.tenantId,
    keyId: record.keyId,
    role: record.role,
    client: { ip: record.clientIp, country: record.country, continent: record.continent, colo: record.colo },
    method: record.method,
    path: record.path,
    model: record.model,
    routedModel: record.routedModel,
    route: routing
      ? {
          explanation: routeExplanation(routing, record.callerRegion),
          strategy: routing.strategy,
          candidates: [...routing.candidates],
          attempts: routing.attempts.map(({ target, provider, outcome: result, status, durationMs }) => ({ target, provider, outcome: result, status, durationMs })),
          target: served?.target ?? null,
          provider: served?.provider ?? null,
          upstreamModel: served?.upstreamModel ?? null,
          region: served?.region ?? null,
          fallbackReasons: routing.attempts.filter((attempt) => attempt.outcome !== "ok").map((attempt) => attempt.outcome),
        }
      : null,
    status: outcome.status,
    error: record.errorKind,
    stream: outcome.streamEnd,
    phasesMs: roundedPhasesMs(record),
    durationMs: roundMs(outcome.durationMs),
    usage: record.usage
      ? { inputTokens: record.usage.inputTokens, outputTokens: record.usage.outputTokens, cachedInputTokens: record.usage.cachedInputTokens }
      : null,
    cost: outcome.cost,
    currency: outcome.cost === null ? null : outcome.currency,
    limits: record.limits ? { outcome: record.limits.outcome, limiter: record.limits.anchor } : null,
    policyVersion,
    guardrails: record.guardrails.map((verdict) => ({ ...verdict })),
    killSwitch: record.killSwitch ? { ...record.killSwitch } : null,
    adminChange: record.adminChange ? { action: record.adminChange.action, target: { ...record.adminChange.target } } : null,
    content,
  };
}
