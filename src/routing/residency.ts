import type { Candidate } from "../config/runtime-config";
import { GatewayError } from "../errors/gateway-error";
import type { Principal } from "../governance/principal";

/**
 * The candidates a caller may be served by (its effective access, tenant and key): inside its
 * jurisdiction and with every data policy it requires. When none is left the request is refused; it
 * never falls back across the border, and a target whose jurisdiction the config does not state
 * never serves a pinned key.
 */
export function residentCandidates(
  model: string,
  candidates: readonly Candidate[],
  residency: Pick<Principal, "jurisdiction" | "requiredDataPolicies">,
): readonly Candidate[] {
  const { jurisdiction, requiredDataPolicies } = residency;
  if (jurisdiction === null && requiredDataPolicies.length === 0) return candidates;
  const allowed = candidates.filter(
    (candidate) =>
      (jurisdiction === null || candidate.jurisdiction === jurisdiction) &&
      requiredDataPolicies.every((policy) => candidate.dataPolicies.includes(policy)),
  );
  if (allowed.length > 0) return allowed;
  throw new GatewayError({ kind: "residency_unavailable", model, jurisdiction, dataPolicies: requiredDataPolicies });
}
