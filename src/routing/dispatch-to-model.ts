import type { Context } from "hono";
import type { Candidate, ModelType } from "../config/runtime-config";
import type { AppEnv } from "../http/context";
import { admitModel } from "../governance/access/admit-model";
import { allowedProviderCandidates } from "../governance/access/allowed-providers";
import { admitRequest } from "../limits/admit-request";
import type { UsageEstimate } from "../limits/estimate";
import { addPhase } from "../observability/request-record";
import { upstreamTraceHeaders } from "../observability/trace-context";
import type { UpstreamCall, UpstreamRequest } from "../providers/contract";
import { newRouteTrace } from "./attempt";
import { applyKillSwitches } from "./apply-kill-switches";
import { callerRegion } from "./caller-region";
import { isolateScores, unlocatedRegion } from "./latency-scores";
import { overriddenCandidates, providerOverrideHeader } from "./provider-override";
import { residentCandidates } from "./residency";
import { rankCandidates } from "./strategy";
import { type Dispatched, dispatch } from "./dispatch";
import { dispatchOptions } from "./dispatch-options";
import { type Capability, capableCandidates, resolveRoute } from "./resolve-route";

/** What a route asks of routing beyond the model and its needs. */
export interface DispatchPreferences {
  /** A session's sticky target: tried first when it can serve this request (docs/sessions.md). */
  readonly stickyTarget?: string | null;
}

/** Moves the sticky target, if it is still a candidate, to the front. */
function preferSticky(order: readonly Candidate[], sticky: string | null): { order: readonly Candidate[]; sticky: string | null } {
  const index = sticky === null ? -1 : order.findIndex((candidate) => candidate.target === sticky);
  if (index < 0) return { order, sticky: null };
  return { order: [order[index] as Candidate, ...order.slice(0, index), ...order.slice(index + 1)], sticky };
}

/**
 * Everything between a validated request and an upstream answer: the public model's route, the
 * candidates able to serve it, the tenant's and key's limits (the request's estimated usage is
 * reserved), and the attempts, all recorded on the request record.
 */
export async function dispatchToModel(
  c: Context<AppEnv>,
  model: string,
  type: ModelType,
  needs: readonly Capability[],
  estimate: UsageEstimate,
  buildRequest: (candidate: Candidate, call: UpstreamCall) => UpstreamRequest,
  preferences: DispatchPreferences = {},
): Promise<Dispatched> {
  const { config, record } = c.var;
  record.model = model;
  const access = await admitModel(c, model);
  let routingStartedAt = performance.now();
  record.callerRegion = callerRegion(record, config.regions);
  const route = resolveRoute(config, model, type);
  record.routedModel = route.name;
  addPhase(record, "route", routingStartedAt);
  // The switches' read is the `policy` phase's, not routing's.
  const switched = applyKillSwitches(c, route.name, capableCandidates(route, needs));
  routingStartedAt = performance.now();
  const resident = residentCandidates(route.name, allowedProviderCandidates(route.name, switched.kept, access), access);
  const requested = c.req.header(providerOverrideHeader);
  const ranked = rankCandidates(route, overriddenCandidates(route.name, resident, c.var.principal, requested), {
    callerRegion: record.callerRegion,
    regions: config.regions,
    scores: isolateScores.scoresFor(record.callerRegion ?? unlocatedRegion),
    proximityPenaltyMs: config.latency.proximityPenaltyMs,
    random: Math.random,
  });
  const { order, sticky } = preferSticky(ranked.order, preferences.stickyTarget ?? null);
  const trace = newRouteTrace({
    strategy: route.strategy,
    candidates: order.map((candidate) => candidate.target),
    explored: sticky === null ? ranked.explored : null,
    jurisdiction: access.jurisdiction,
    override: requested ? "provider" : null,
    sticky,
    disabled: switched.disabled,
  });
  record.routing = trace;
  addPhase(record, "route", routingStartedAt);
  await admitRequest(c, route.name, order, estimate);

  const upstreamStartedAt = performance.now();
  try {
    return await dispatch(
      order,
      (candidate, apiKey) => {
        const request = buildRequest(candidate, { upstreamModel: candidate.upstreamModel, apiKey });
        if (request.transport !== "http") return request;
        return { ...request, headers: { ...request.headers, ...upstreamTraceHeaders(record.traceContext) } };
      },
      dispatchOptions(c.env, config.settings),
      trace,
      route.retry,
    );
  } finally {
    addPhase(record, "upstream", upstreamStartedAt);
  }
}
