import type { Candidate, ModelRoute, ModelType, RuntimeConfig } from "../config/runtime-config";
import { GatewayError } from "../errors/gateway-error";
import type { ProviderCapabilities } from "../providers/contract";

const endpointOf: Record<ModelType, string> = {
  chat: "/v1/chat/completions",
  embeddings: "/v1/embeddings",
};

/** The route for a public model name, checked against the endpoint it was called on. */
export function resolveRoute(config: RuntimeConfig, model: string, type: ModelType): ModelRoute {
  const route = config.models.get(model);
  if (!route) throw new GatewayError({ kind: "model_not_found", model });
  if (route.type !== type) throw new GatewayError({ kind: "model_wrong_endpoint", model, endpoint: endpointOf[type] });
  return route;
}

export type Capability = keyof ProviderCapabilities;

/**
 * The candidates able to serve a request needing `needs`. When none is, the request is refused up
 * front with a 400 naming the missing capability, rather than sent to fail upstream.
 */
export function capableCandidates(route: ModelRoute, needs: readonly Capability[]): readonly Candidate[] {
  const capable = route.candidates.filter((candidate) => needs.every((need) => candidate.capabilities[need]));
  if (capable.length > 0) return capable;
  const missing = needs.find((need) => route.candidates.every((candidate) => !candidate.capabilities[need]));
  throw new GatewayError({
    kind: "invalid_request",
    message: `The model '${route.name}' does not support ${missing ?? needs.join(" with ")} on any of its targets.`,
    param: null,
  });
}
