import type { Candidate } from "../config/runtime-config";
import { GatewayError } from "../errors/gateway-error";
import type { Principal } from "../governance/principal";

/** The request header a client pins its provider with, when its key allows it. */
export const providerOverrideHeader = "x-switchboard-provider";

/**
 * Keeps only the pinned provider's targets (a client keeping a provider's prompt cache warm, or
 * comparing providers). Refused when the key may not choose, and when the provider does not serve
 * this model among the candidates left by capabilities and residency, which an override never widens.
 */
export function overriddenCandidates(
  model: string,
  candidates: readonly Candidate[],
  principal: Principal,
  requested: string | undefined,
): readonly Candidate[] {
  if (requested === undefined || requested === "") return candidates;
  if (!principal.allowProviderOverride) {
    throw new GatewayError({ kind: "provider_override_refused", provider: requested, allowed: false, model });
  }
  const pinned = candidates.filter((candidate) => candidate.provider === requested);
  if (pinned.length === 0) throw new GatewayError({ kind: "provider_override_refused", provider: requested, allowed: true, model });
  return pinned;
}
