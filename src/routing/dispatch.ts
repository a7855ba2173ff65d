import type { Candidate } from "../config/runtime-config";
import { countsAgainstTarget, type ErrorReason, GatewayError, isRetryable } from "../errors/gateway-error";
import type { WorkerEnv } from "../env";
import type { UpstreamRequest } from "../providers/contract";
import type { RouteTrace } from "./attempt";
import type { RetrySettings } from "../config/routing-schema";
import type { CircuitBreakers } from "./circuit-breaker";
import { fullJitterBackoff, sleep } from "./backoff";
import { sendUpstream } from "./send-upstream";

export interface DispatchOptions {
  /** Resolves a candidate's key; null when the provider needs none. Throws when a needed key is missing. */
  readonly apiKeyFor: (candidate: Candidate) => string | null;
  /** The Worker's bindings, for providers reached through one (Workers AI). */
  readonly env: WorkerEnv;
  readonly breakers: CircuitBreakers;
}

export interface Dispatched {
  readonly candidate: Candidate;
  readonly response: Response;
  /** Aborts the upstream call, e.g. when the client hung up on a stream. */
  readonly abortUpstream: () => void;
  /** Whether the target's total time limit cut the call off (reading its body then fails). */
  readonly timedOut: () => boolean;
  /** The answer has been read to its end: stops the total-time clock. */
  readonly release: () => void;
}

/**
 * Tries the candidates in order until one answers 2xx. Failures that are the provider's fault move
 * on to the next candidate; failures caused by the request stop at once. A request an adapter cannot
 * express (Anthropic and `n > 1`) is refused before any call and the next candidate tried; when every
 * candidate refuses, the first refusal is the answer. A candidate whose circuit is open is skipped
 * (probed anyway when every one is). After a pass of provider-side failures another pass follows a
 * backoff, within the model's attempt and time budget. Only headers are awaited, so a stream is
 * handed over before its first byte is read.
 */
export async function dispatch(
  candidates: readonly Candidate[],
  buildRequest: (candidate: Candidate, apiKey: string | null) => UpstreamRequest,
  options: DispatchOptions,
  trace: RouteTrace,
  retry: RetrySettings,
): Promise<Dispatched> {
  const startedAt = Date.now();
  let lastFailure: ErrorReason | null = null;
  let firstRefusal: ErrorReason | null = null;
  const tryCandidate = async (candidate: Candidate, ignoreBreaker: boolean): Promise<Dispatched | "next" | "stop"> => {
    const attemptStartedAt = Date.now();
    const attemptSince = performance.now();
    const result = await attemptOnce(candidate, buildRequest, options, ignoreBreaker);
    if (result === "circuit_open") {
      if (!trace.skipped.includes(candidate.target)) trace.skipped.push(candidate.target);
      return "next";
    }
    trace.attempts.push({
      target: candidate.target,
      provider: candidate.provider,
      outcome: result.ok ? "ok" : result.reason.kind,
      status: result.ok ? result.response.status : result.status,
      durationMs: Date.now() - attemptStartedAt,
      ...(!result.ok && "detail" in result.reason ? { detail: result.reason.detail } : {}),
    });
    if (result.ok) {
      trace.served = candidate;
      trace.servedSince = attemptSince;
      return { candidate, response: result.response, abortUpstream: result.abort, timedOut: result.timedOut, release: result.release };
    }
    if (result.refused) {
      firstRefusal ??= result.reason;
      return "next";
    }
    lastFailure = result.reason;
    return isRetryable(result.reason) ? "next" : "stop";
  };

  const maxAttempts = retry.maxAttempts === 0 ? candidates.length : retry.maxAttempts;
  const withinBudget = () => trace.attempts.length < maxAttempts && (retry.budgetMs === 0 || Date.now() - startedAt < retry.budgetMs);
  passes: for (let pass = 0; ; pass++) {
    if (pass > 0) await sleep(fullJitterBackoff(pass, retry));
    const attemptsBefore = trace.attempts.length;
    for (const candidate of candidates) {
      if (!withinBudget()) break passes;
      const outcome = await tryCandidate(candidate, false);
      if (outcome === "stop") break passes;
      if (outcome !== "next") return outcome;
    }
    // Another pass only after provider-side failures, only if this one attempted anything (open
    // circuits stay open within a request), and only while attempts and time remain.
    if (lastFailure === null || trace.attempts.length === attemptsBefore || !withinBudget()) break;
  }
  // Every circuit was open and nothing else was tried: probe the first rather than refuse outright.
  const first = candidates.find((candidate) => candidate.target === trace.skipped[0]);
  if (trace.attempts.length === 0 && first) {
    const outcome = await tryCandidate(first, true);
    if (outcome !== "next" && outcome !== "stop") return outcome;
  }
  throw new GatewayError(lastFailure ?? firstRefusal ?? { kind: "internal", detail: "no candidate to try" });
}

type AttemptResult =
  | {
      readonly ok: true;
      readonly response: Response;
      readonly abort: () => void;
      readonly timedOut: () => boolean;
      readonly release: () => void;
    }
  | {
      readonly ok: false;
      readonly reason: ErrorReason;
      readonly status: number | null;
      /** The adapter could not express the request; nothing was sent. */
      readonly refused?: boolean;
    };

async function attemptOnce(
  candidate: Candidate,
  buildRequest: (candidate: Candidate, apiKey: string | null) => UpstreamRequest,
  options: DispatchOptions,
  ignoreBreaker: boolean,
): Promise<AttemptResult | "circuit_open"> {
  let request: UpstreamRequest;
  try {
    request = buildRequest(candidate, options.apiKeyFor(candidate));
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { ok: false, reason: error.reason, status: null, refused: error.reason.kind === "invalid_request" };
  }
  // Checked only once the request is built, so an adapter's refusal never claims a half-open probe.
  if (!options.breakers.admits(candidate.target) && !ignoreBreaker) return "circuit_open";
  const result = await send(candidate, request, options);
  recordHealth(options.breakers, candidate, result);
  return result;
}

/** What an attempt says about the target's health: provider-side failures count, anything answered does not. */
function recordHealth(breakers: CircuitBreakers, candidate: Candidate, result: AttemptResult): void {
  if (result.ok || !isRetryable(result.reason)) {
    breakers.recordSuccess(candidate.target);
    return;
  }
  if (!countsAgainstTarget(result.reason.kind)) return;
  const retryAfterSeconds = result.reason.kind === "upstream_rate_limited" ? result.reason.retryAfterSeconds : null;
  breakers.recordFailure(candidate.target, candidate.breaker, Date.now(), retryAfterSeconds === null ? null : retryAfterSeconds * 1000);
}

async function send(candidate: Candidate, request: UpstreamRequest, options: DispatchOptions): Promise<AttemptResult> {
  const controller = new AbortController();
  const startedAt = Date.now();
  const firstByteTimer = setTimeout(() => controller.abort(), candidate.timeouts.firstByteMs);
  let response: Response;
  try {
    response = await sendUpstream(request, options.env, controller.signal);
  } catch (error) {
    if (error instanceof GatewayError) return { ok: false, reason: error.reason, status: null };
    if (controller.signal.aborted) return { ok: false, reason: { kind: "upstream_timeout", phase: "first_byte" }, status: null };
    const detail = error instanceof Error ? error.message : "fetch failed";
    return { ok: false, reason: { kind: "upstream_unreachable", detail }, status: null };
  } finally {
    clearTimeout(firstByteTimer);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    return { ok: false, reason: candidate.adapter.failure(response.status, response.headers, body), status: response.status };
  }
  // The rest of the answer (a body, a stream) must arrive within the target's total limit; cutting
  // the call off makes reading it fail, which the reader turns into a timeout.
  let timedOut = false;
  const totalTimer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(0, candidate.timeouts.totalMs - (Date.now() - startedAt)));
  return {
    ok: true,
    response,
    abort: () => controller.abort(),
    timedOut: () => timedOut,
    release: () => clearTimeout(totalTimer),
  };
}
