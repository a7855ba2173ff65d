import type { RouteTrace } from "./attempt";

/** Headers that tell the client which provider and upstream model served it, and after how many tries. */
export function routeHeaders(trace: RouteTrace): Record<string, string> {
  const headers: Record<string, string> = { "x-switchboard-attempts": String(trace.attempts.length) };
  const served = trace.served;
  if (served) {
    headers["x-switchboard-provider"] = served.provider;
    headers["x-switchboard-target"] = served.target;
    headers["x-switchboard-upstream-model"] = served.upstreamModel;
    headers["x-switchboard-region"] = served.region;
  }
  return headers;
}
