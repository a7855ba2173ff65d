import type { RouteTrace } from "./attempt";

/**
 * `x-switchboard-route`: the routing decision in one line, e.g.
 * `region=eu; jurisdiction=eu; strategy=latency; candidates=mini-eu,mini-us; attempts=2; fallback=upstream_timeout`.
 * `region` is the caller's (`unknown` without a location), `jurisdiction` the key's pin if it has one,
 * `candidates` the targets left after every filter in ranked order, `explored` the one moved to the
 * front to measure it, `sticky` the session's target moved to the front, `fallback` the reasons earlier attempts failed, in order,
 * `disabled` the targets an operator's kill switch took out (docs/kill-switches.md).
 */
export function routeExplanation(trace: RouteTrace, callerRegion: string | null): string {
  const failures = trace.attempts.filter((attempt) => attempt.outcome !== "ok").map((attempt) => attempt.outcome);
  const parts = [`region=${callerRegion ?? "unknown"}`];
  if (trace.jurisdiction !== null) parts.push(`jurisdiction=${trace.jurisdiction}`);
  parts.push(`strategy=${trace.strategy}`);
  if (trace.override !== null) parts.push(`override=${trace.override}`);
  parts.push(`candidates=${trace.candidates.join(",")}`);
  if (trace.explored !== null) parts.push(`explored=${trace.explored}`);
  if (trace.sticky !== null) parts.push(`sticky=${trace.sticky}`);
  parts.push(`attempts=${trace.attempts.length}`);
  if (failures.length > 0) parts.push(`fallback=${failures.join(",")}`);
  if (trace.skipped.length > 0) parts.push(`circuit_open=${trace.skipped.join(",")}`);
  if (trace.disabled.length > 0) parts.push(`disabled=${trace.disabled.join(",")}`);
  return parts.join("; ");
}

/** Headers that tell the client how it was routed and which provider and upstream model served it. */
export function routeHeaders(trace: RouteTrace, callerRegion: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    "x-switchboard-attempts": String(trace.attempts.length),
    "x-switchboard-route": routeExplanation(trace, callerRegion),
  };
  const served = trace.served;
  if (served) {
    headers["x-switchboard-provider"] = served.provider;
    headers["x-switchboard-target"] = served.target;
    headers["x-switchboard-upstream-model"] = served.upstreamModel;
    headers["x-switchboard-region"] = served.region;
  }
  return headers;
}
