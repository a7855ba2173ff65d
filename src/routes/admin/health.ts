import type { Context } from "hono";
import type { RuntimeConfig } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { jsonAnswer } from "../../http/json-answer";
import { staleScoreMs } from "../../state/region-health";
import { adminHealthQuerySchema } from "./health-query";
import { readHealthSources } from "./health-sources";
import { routedTargets, type RoutedTarget } from "./health-targets";
import { overallStatus, providerHealth, targetHealth, unreadSources } from "./health-view";

/**
 * `GET /v1/admin/health[?provider=&target=]`: every routed target with its kill switch, circuit and
 * latency scores as the state objects hold them now (not this isolate's copies, which lag by up to a
 * sync interval or the switch cache's TTL), a summary per provider, and an overall status.
 */
export async function adminHealth(c: Context<AppEnv>): Promise<Response> {
  const { config, requestId, record } = c.var;
  const query = adminHealthQuerySchema.parse(c.req.query());
  const targets = selectedTargets(config, query.provider, query.target);
  const sources = await readHealthSources(c.env, config, requestId);
  const now = Date.now();
  const health = targetHealth(c.env, targets, sources, now);
  const unread = unreadSources(sources);
  const body = {
    object: "health",
    status: overallStatus(health, unread),
    checked_at: new Date(now).toISOString(),
    stale_after_seconds: staleScoreMs / 1000,
    caller_regions: sources.regions.map((read) => ({ region: read.region, read: read.problem === null, problem: read.problem })),
    unread,
    providers: providerHealth(health),
    targets: health,
  };
  return jsonAnswer(record, JSON.stringify(body));
}

/** The targets the filters keep; a filter naming no routed provider or target is a 404. */
function selectedTargets(config: RuntimeConfig, provider: string | undefined, target: string | undefined): RoutedTarget[] {
  const all = routedTargets(config);
  if (provider !== undefined && !all.some(({ candidate }) => candidate.provider === provider)) throw unknownName("provider", provider);
  if (target !== undefined && !all.some(({ candidate }) => candidate.target === target)) throw unknownName("target", target);
  return all.filter(({ candidate }) => (provider === undefined || candidate.provider === provider) && (target === undefined || candidate.target === target));
}

function unknownName(filter: "provider" | "target", name: string): GatewayError {
  return new GatewayError({ kind: "target_not_found", filter, name });
}
