import type { Context } from "hono";
import type { Candidate, ModelType } from "../config/runtime-config";
import type { AppEnv } from "../http/context";
import { addPhase } from "../observability/request-record";
import { upstreamTraceHeaders } from "../observability/trace-context";
import type { UpstreamCall, UpstreamRequest } from "../providers/contract";
import { newRouteTrace } from "./attempt";
import { callerRegion } from "./caller-region";
import { isolateScores, unlocatedRegion } from "./latency-scores";
import { overriddenCandidates, providerOverrideHeader } from "./provider-override";
import { residentCandidates } from "./residency";
import { rankCandidates } from "./strategy";
import { type Dispatched, dispatch } from "./dispatch";
import { dispatchOptions } from "./dispatch-options";
import { type Capability, capableCandidates, resolveRoute } from "./resolve-route";

/**
 * Everything between a validated request and an upstream answer: the public model's route, the
 * candidates able to serve it, and the attempts, all recorded on the request record.
 */
export async function dispatchToModel(
  c: Context<AppEnv>,
  model: string,
  type: ModelType,
  needs: readonly Capability[],
  buildRequest: (candidate: Candidate, call: UpstreamCall) => UpstreamRequest,
): Promise<Dispatched> {
  const { config, record } = c.var;
  const routingStartedAt = performance.now();
  record.model = model;
  record.callerRegion = callerRegion(record, config.regions);
  const route = resolveRoute(config, model, type);
  record.routedModel = route.name;
  const resident = residentCandidates(route.name, capableCandidates(route, needs), c.var.principal);
  const requested = c.req.header(providerOverrideHeader);
  const { order, explored } = rankCandidates(route, overriddenCandidates(route.name, resident, c.var.principal, requested), {
    callerRegion: record.callerRegion,
    regions: config.regions,
    scores: isolateScores.scoresFor(record.callerRegion ?? unlocatedRegion),
    proximityPenaltyMs: config.latency.proximityPenaltyMs,
    random: Math.random,
  });
  const trace = newRouteTrace({
    strategy: route.strategy,
    candidates: order.map((candidate) => candidate.target),
    explored,
    jurisdiction: c.var.principal.jurisdiction,
    override: requested ? "provider" : null,
  });
  record.routing = trace;
  addPhase(record, "route", routingStartedAt);

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
