import { routeExplanation } from "../routing/route-headers";
import { formatCost } from "./cost";
import { type RequestRecord, servedBy, type StreamEnd } from "./request-record";

export interface RequestOutcome {
  readonly status: number;
  readonly durationMs: number;
  readonly streamEnd: StreamEnd | null;
  readonly cost: number | null;
  readonly currency: string;
}

/** Milliseconds to a tenth, as logs and audit records carry them. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/** The request's phases in milliseconds, to a tenth. */
export function roundedPhasesMs(record: RequestRecord): Record<string, number> {
  const phasesMs: Record<string, number> = {};
  for (const [phase, ms] of Object.entries(record.phaseMs)) phasesMs[phase] = roundMs(ms);
  return phasesMs;
}

/**
 * One JSON line per request. It names who, which model and route, how long each phase took, the
 * tokens and cost; it never holds a prompt, a completion, an `Authorization` header or a provider key.
 */
export function requestLogLine(record: RequestRecord, outcome: RequestOutcome): string {
  const served = servedBy(record);
  return JSON.stringify({
    level: outcome.status >= 500 ? "error" : "info",
    event: "request",
    requestId: record.requestId,
    traceId: record.traceContext.traceId,
    method: record.method,
    path: record.path,
    status: outcome.status,
    tenantId: record.tenantId,
    keyId: record.keyId,
    model: record.model,
    provider: served?.provider ?? null,
    target: served?.target ?? null,
    upstreamModel: served?.upstreamModel ?? null,
    region: served?.region ?? null,
    colo: record.colo,
    country: record.country,
    continent: record.continent,
    callerRegion: record.callerRegion,
    route: record.routing ? routeExplanation(record.routing, record.callerRegion) : null,
    attemptCount: record.routing?.attempts.length ?? 0,
    attempts: record.routing?.attempts ?? [],
    phaseMs: roundedPhasesMs(record),
    durationMs: roundMs(outcome.durationMs),
    inputTokens: record.usage?.inputTokens ?? null,
    outputTokens: record.usage?.outputTokens ?? null,
    cachedInputTokens: record.usage?.cachedInputTokens ?? null,
    cost: outcome.cost === null ? null : formatCost(outcome.cost),
    currency: outcome.cost === null ? null : outcome.currency,
    limits: record.limits ? { outcome: record.limits.outcome, limiter: record.limits.anchor } : null,
    error: record.errorKind,
    stream: outcome.streamEnd,
  });
}
