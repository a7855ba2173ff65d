import type { Candidate, RoutingStrategy } from "../config/runtime-config";
import type { ErrorReason } from "../errors/gateway-error";

/** One try of one candidate, as recorded for headers and logs. */
export interface Attempt {
  readonly target: string;
  readonly provider: string;
  readonly outcome: "ok" | ErrorReason["kind"];
  readonly status: number | null;
  readonly durationMs: number;
  /** Why it failed, for operators (which secret is unset, what the connection said); never sent to clients. */
  readonly detail?: string;
}

/** What the routing decided and how it went, carried to headers and the log line. */
export interface RouteTrace {
  readonly strategy: RoutingStrategy;
  /** The targets left after every filter, in the order the strategy ranked them. */
  readonly candidates: readonly string[];
  /** The target the `latency` strategy moved to the front to measure it, if any. */
  readonly explored: string | null;
  readonly attempts: Attempt[];
  served: Candidate | null;
  /** `performance.now()` when the served attempt started, for its total time. */
  servedSince: number | null;
  /** The jurisdiction the key is pinned to, which every candidate was filtered by. */
  readonly jurisdiction: string | null;
  /** Targets passed over because their circuit was open. */
  readonly skipped: string[];
  /** Targets an operator's kill switch (provider or target) took out before ranking. */
  readonly disabled: readonly string[];
  /** What the client pinned, if anything (`provider`: `x-switchboard-provider`). */
  readonly override: "provider" | null;
  /** The session's sticky target, moved to the front so the provider's prompt cache keeps working. */
  readonly sticky: string | null;
}

export interface RouteDecision {
  readonly strategy: RoutingStrategy;
  readonly candidates: readonly string[];
  readonly explored: string | null;
  readonly jurisdiction: string | null;
  readonly override: "provider" | null;
  readonly sticky: string | null;
  readonly disabled?: readonly string[];
}

export function newRouteTrace(decision: RouteDecision): RouteTrace {
  return { ...decision, disabled: decision.disabled ?? [], attempts: [], served: null, servedSince: null, skipped: [] };
}
