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
  readonly attempts: Attempt[];
  served: Candidate | null;
  /** The jurisdiction the key is pinned to, which every candidate was filtered by. */
  readonly jurisdiction: string | null;
  /** Targets passed over because their circuit was open. */
  readonly skipped: string[];
  /** What the client pinned, if anything (`provider`: `x-switchboard-provider`). */
  readonly override: "provider" | null;
}

export function newRouteTrace(strategy: RoutingStrategy, jurisdiction: string | null, override: "provider" | null): RouteTrace {
  return { strategy, attempts: [], served: null, jurisdiction, skipped: [], override };
}
