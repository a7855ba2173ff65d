import type { Candidate } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import { type EffectiveAccess, isAllowed } from "./effective-access";

/** The candidates whose provider the caller may use; when none is left the request is refused (403). */
export function allowedProviderCandidates(model: string, candidates: readonly Candidate[], access: EffectiveAccess): readonly Candidate[] {
  const { providers } = access;
  if (providers === null) return candidates;
  const allowed = candidates.filter((candidate) => isAllowed(providers, candidate.provider));
  if (allowed.length > 0) return allowed;
  throw new GatewayError({ kind: "provider_not_allowed", model, providers });
}
