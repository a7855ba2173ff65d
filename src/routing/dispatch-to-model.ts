import type { Context } from "hono";
import type { Candidate, ModelType } from "../config/runtime-config";
import type { AppEnv } from "../http/context";
import type { UpstreamCall, UpstreamRequest } from "../providers/contract";
import { newRouteTrace } from "./attempt";
import { type Dispatched, dispatch } from "./dispatch";
import { dispatchOptions } from "./dispatch-options";
import { type Capability, capableCandidates, resolveRoute } from "./resolve-route";

/**
 * Everything between a validated request and an upstream answer: the public model's route, the
 * candidates able to serve it, and the attempts, all recorded on the request record.
 */
export function dispatchToModel(
  c: Context<AppEnv>,
  model: string,
  type: ModelType,
  needs: readonly Capability[],
  buildRequest: (candidate: Candidate, call: UpstreamCall) => UpstreamRequest,
): Promise<Dispatched> {
  const { config, record } = c.var;
  record.model = model;
  const candidates = capableCandidates(resolveRoute(config, model, type), needs);
  const trace = newRouteTrace();
  record.trace = trace;
  return dispatch(
    candidates,
    (candidate, apiKey) => buildRequest(candidate, { upstreamModel: candidate.upstreamModel, apiKey }),
    dispatchOptions(c.env, config.settings),
    trace,
  );
}
