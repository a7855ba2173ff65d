import type { Context } from "hono";
import type { Candidate } from "../config/runtime-config";
import { type ErrorReason, GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";
import { addPhase } from "../observability/request-record";
import { requestPolicy } from "../governance/request-policy";
import type { AdmitRequest, AdmitResult, Refusal, SubjectScope } from "./contract";
import { type UsageEstimate, worstCaseCost } from "./estimate";
import { type LimitPlan, limitPlan } from "./subjects";

const scopeNames: Record<SubjectScope, string> = {
  tenant: "this tenant",
  "tenant-model": "this tenant on this model",
  key: "this API key",
  "key-model": "this API key on this model",
};

function refusalReason(refusal: Refusal): ErrorReason {
  switch (refusal.kind) {
    case "rate_limited":
      return { kind: "rate_limited", limit: refusal.limit, subject: scopeNames[refusal.scope], retryAfterSeconds: refusal.retryAfterSeconds };
    case "budget_exhausted":
      return { kind: "budget_exhausted", period: refusal.period, subject: scopeNames[refusal.scope], retryAfterSeconds: refusal.retryAfterSeconds };
    case "request_exceeds_limit":
      return refusal;
  }
}

/** The longest a request can legitimately run: every candidate waited for to its first byte, the slowest to its end. */
function reservationTtlMs(candidates: readonly Candidate[]): number {
  const firstBytes = candidates.reduce((sum, candidate) => sum + candidate.timeouts.firstByteMs, 0);
  const longest = Math.max(0, ...candidates.map((candidate) => candidate.timeouts.totalMs));
  return firstBytes + longest + 60_000;
}

function withTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks the request against its tenant's and key's limits and reserves its estimated tokens and
 * cost: one round trip to one limiter object, none when nothing limits the request. A refusal throws
 * (429, or 400 for a request no wait would admit). When the limiter cannot be reached, the tenant's
 * fail mode decides: `closed` refuses with 503, `open` admits and flags it in the log.
 */
export async function admitRequest(c: Context<AppEnv>, model: string, candidates: readonly Candidate[], estimate: UsageEstimate): Promise<void> {
  const { config, principal, record } = c.var;
  const startedAt = performance.now();
  const policy = (await requestPolicy(c)).policy;
  const plan = limitPlan({ tenantId: principal.tenantId, keyId: principal.keyId, keyLimits: principal.limits }, policy, model);
  if (!plan) return;
  try {
    const tokens = estimate.inputTokens + estimate.outputTokens;
    const cost = worstCaseCost(estimate, candidates);
    const reservationId = crypto.randomUUID();
    let result: AdmitResult;
    try {
      result = await callLimiter(c, plan, { reservationId, tokens, cost, ttlMs: reservationTtlMs(candidates), subjects: plan.subjects });
    } catch (error) {
      limiterUnreachable(c, plan, reservationId, error);
      return;
    }
    record.limits = {
      outcome: result.admitted ? "admitted" : "refused",
      anchor: plan.anchor,
      reservationId: result.admitted ? reservationId : null,
      admittedAt: result.admitted ? result.at : 0,
      subjects: plan.subjects.map((subject) => subject.subject),
      reservedTokens: tokens,
      reservedCost: cost,
      states: result.states,
      settled: false,
    };
    if (!result.admitted) throw new GatewayError(refusalReason(result.refusal));
  } finally {
    addPhase(record, "limits", startedAt);
  }
}

async function callLimiter(c: Context<AppEnv>, plan: LimitPlan, request: AdmitRequest): Promise<AdmitResult> {
  const namespace = c.env.RATE_LIMITER;
  if (!namespace) throw new Error("the RATE_LIMITER binding is not configured");
  const stub = namespace.get(namespace.idFromName(plan.anchor));
  const admit = async (): Promise<AdmitResult> => stub.admit(request);
  return withTimeout(admit(), c.var.config.limits.timeoutMs);
}

function limiterUnreachable(c: Context<AppEnv>, plan: LimitPlan, reservationId: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  const { record } = c.var;
  console.error(JSON.stringify({ level: "error", event: "limiter_unreachable", requestId: record.requestId, anchor: plan.anchor, failMode: plan.failMode, detail }));
  // A late answer may still have reserved; undo it so the reservation does not count until its expiry.
  const namespace = c.env.RATE_LIMITER;
  if (namespace) c.executionCtx.waitUntil(namespace.get(namespace.idFromName(plan.anchor)).release(reservationId).catch(() => undefined));
  if (plan.failMode === "closed") throw new GatewayError({ kind: "limiter_unavailable", detail });
  record.limits = {
    outcome: "unavailable",
    anchor: plan.anchor,
    reservationId: null,
    admittedAt: 0,
    subjects: [],
    reservedTokens: 0,
    reservedCost: 0,
    states: [],
    settled: false,
  };
}
