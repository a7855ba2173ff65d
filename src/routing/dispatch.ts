import type { Candidate } from "../config/runtime-config";
import { type ErrorReason, GatewayError, isRetryable } from "../errors/gateway-error";
import type { WorkerEnv } from "../env";
import type { UpstreamRequest } from "../providers/contract";
import type { RouteTrace } from "./attempt";
import { sendUpstream } from "./send-upstream";

export interface DispatchOptions {
  /** Resolves a candidate's key; null when the provider needs none. Throws when a needed key is missing. */
  readonly apiKeyFor: (candidate: Candidate) => string | null;
  /** The Worker's bindings, for providers reached through one (Workers AI). */
  readonly env: WorkerEnv;
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
 * candidate refuses, the first refusal is the answer. Only headers are awaited, so a stream is handed
 * over before its first byte is read.
 */
export async function dispatch(
  candidates: readonly Candidate[],
  buildRequest: (candidate: Candidate, apiKey: string | null) => UpstreamRequest,
  options: DispatchOptions,
  trace: RouteTrace,
): Promise<Dispatched> {
  let lastFailure: ErrorReason | null = null;
  let firstRefusal: ErrorReason | null = null;
  for (const candidate of candidates) {
    const startedAt = Date.now();
    const result = await attemptOnce(candidate, buildRequest, options);
    const status = result.ok ? result.response.status : result.status;
    trace.attempts.push({
      target: candidate.target,
      provider: candidate.provider,
      outcome: result.ok ? "ok" : result.reason.kind,
      status,
      durationMs: Date.now() - startedAt,
      ...(!result.ok && "detail" in result.reason ? { detail: result.reason.detail } : {}),
    });
    if (result.ok) {
      trace.served = candidate;
      return { candidate, response: result.response, abortUpstream: result.abort, timedOut: result.timedOut, release: result.release };
    }
    if (result.refused) {
      firstRefusal ??= result.reason;
      continue;
    }
    lastFailure = result.reason;
    if (!isRetryable(result.reason)) break;
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
): Promise<AttemptResult> {
  let request: UpstreamRequest;
  try {
    request = buildRequest(candidate, options.apiKeyFor(candidate));
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { ok: false, reason: error.reason, status: null, refused: error.reason.kind === "invalid_request" };
  }
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
