import type { AdmitRequest, AdmitResult, LimitState, Refusal, SubjectLimits } from "./contract";
import { windowMs } from "./contract";
import type { Ledger, WindowUsage } from "./ledger";
import { msUntilPeriodEnds, type SpendPeriod, wholeSeconds } from "./periods";

interface Checked {
  readonly subject: SubjectLimits;
  readonly usage: WindowUsage;
  readonly spentDay: number;
  readonly spentMonth: number;
}

/**
 * Decides one request against every limit of every subject it counts against, and reserves it
 * when all have room. It runs synchronously inside the object, so no other request can interleave:
 * of N concurrent requests against a limit of L, exactly L are admitted.
 */
export function admit(ledger: Ledger, request: AdmitRequest, now: number): AdmitResult {
  const checked: Checked[] = request.subjects.map((subject) => ({
    subject,
    usage: ledger.usage(subject.subject, now),
    spentDay: subject.spendPerDay === undefined ? 0 : ledger.spent(subject.subject, "day", now),
    spentMonth: subject.spendPerMonth === undefined ? 0 : ledger.spent(subject.subject, "month", now),
  }));
  const refusal = longestRefusal(checked.flatMap((entry) => refusalsOf(ledger, entry, request, now)));
  if (refusal) return { admitted: false, refusal, states: checked.flatMap((each) => statesOf(each, request, now, false)) };
  ledger.reserve(
    request.reservationId,
    request.subjects.map((subject) => subject.subject),
    now,
    now + request.ttlMs,
    request.tokens,
    request.cost,
  );
  return { admitted: true, at: now, states: checked.flatMap((each) => statesOf(each, request, now, true)) };
}

/**
 * The refusal a client should hear: a request no wait would admit first, else the limit that frees
 * last, so that retrying after its `Retry-After` is not refused again by another limit.
 */
function longestRefusal(refusals: readonly Refusal[]): Refusal | null {
  let chosen: Refusal | null = null;
  for (const refusal of refusals) {
    if (refusal.kind === "request_exceeds_limit") return refusal;
    if (!chosen || ("retryAfterSeconds" in chosen && refusal.retryAfterSeconds > chosen.retryAfterSeconds)) chosen = refusal;
  }
  return chosen;
}

/** Every limit of one subject the request would break. */
function refusalsOf(ledger: Ledger, { subject, usage, spentDay, spentMonth }: Checked, request: AdmitRequest, now: number): Refusal[] {
  const scope = subject.scope;
  const refusals: Refusal[] = [];
  const tpm = subject.tokensPerMinute;
  if (tpm !== undefined && request.tokens > tpm) refusals.push({ kind: "request_exceeds_limit", limitTokens: tpm, requestedTokens: request.tokens });
  if (subject.concurrentRequests !== undefined && usage.open >= subject.concurrentRequests) {
    // Nothing says when a running request ends; a second is a polite first wait.
    refusals.push({ kind: "rate_limited", limit: "concurrency", scope, retryAfterSeconds: 1 });
  }
  const rpm = subject.requestsPerMinute;
  if (rpm !== undefined && usage.requests >= rpm) {
    const freeAt = ledger.requestsFreeAt(subject.subject, now, rpm, usage.requests);
    refusals.push({ kind: "rate_limited", limit: "requests", scope, retryAfterSeconds: wholeSeconds(freeAt - now) });
  }
  if (tpm !== undefined && request.tokens <= tpm && usage.tokens + request.tokens > tpm) {
    const freeAt = ledger.tokensFreeAt(subject.subject, now, tpm, usage.tokens, request.tokens);
    refusals.push({ kind: "rate_limited", limit: "tokens", scope, retryAfterSeconds: wholeSeconds(freeAt - now) });
  }
  const budgets: Array<[SpendPeriod, number | undefined, number]> = [
    ["day", subject.spendPerDay, spentDay],
    ["month", subject.spendPerMonth, spentMonth],
  ];
  for (const [period, budget, spent] of budgets) {
    if (budget !== undefined && (spent >= budget || spent + request.cost > budget)) {
      refusals.push({ kind: "budget_exhausted", period, scope, retryAfterSeconds: wholeSeconds(msUntilPeriodEnds(period, now)) });
    }
  }
  return refusals;
}

/** Each limit's quota and what is left of it once this request is (or is not) counted. */
function statesOf({ subject, usage, spentDay, spentMonth }: Checked, request: AdmitRequest, now: number, admitted: boolean): LimitState[] {
  const scope = subject.scope;
  const states: LimitState[] = [];
  const newestAt = admitted ? now : usage.newestAt;
  const windowReset = newestAt === null ? 0 : wholeSeconds(newestAt + windowMs - now);
  if (subject.requestsPerMinute !== undefined) {
    const used = usage.requests + (admitted ? 1 : 0);
    states.push({ scope, kind: "requests", quota: subject.requestsPerMinute, remaining: Math.max(0, subject.requestsPerMinute - used), resetSeconds: windowReset });
  }
  if (subject.tokensPerMinute !== undefined) {
    const used = usage.tokens + (admitted ? request.tokens : 0);
    states.push({ scope, kind: "tokens", quota: subject.tokensPerMinute, remaining: Math.max(0, subject.tokensPerMinute - used), resetSeconds: windowReset });
  }
  if (subject.concurrentRequests !== undefined) {
    const running = usage.open + (admitted ? 1 : 0);
    states.push({ scope, kind: "concurrency", quota: subject.concurrentRequests, remaining: Math.max(0, subject.concurrentRequests - running), resetSeconds: 0 });
  }
  const spend: Array<["spend_day" | "spend_month", SpendPeriod, number | undefined, number]> = [
    ["spend_day", "day", subject.spendPerDay, spentDay],
    ["spend_month", "month", subject.spendPerMonth, spentMonth],
  ];
  for (const [kind, period, budget, spent] of spend) {
    if (budget === undefined) continue;
    const used = spent + (admitted ? request.cost : 0);
    states.push({ scope, kind, quota: budget, remaining: Math.max(0, budget - used), resetSeconds: wholeSeconds(msUntilPeriodEnds(period, now)) });
  }
  return states;
}
