import type { Candidate } from "../../config/runtime-config";
import type { Principal } from "../principal";
import { type KillSwitch, type KillSwitchFact, killSwitchFact } from "./switch";

/**
 * The switch that refuses a model request outright, if one does: `all` first, then the caller's key
 * and tenant, then the public model. Provider and target switches only narrow the candidates.
 */
export function refusingSwitch(switches: readonly KillSwitch[], principal: Principal, model: string): KillSwitch | null {
  const find = (scope: KillSwitch["scope"], id: string | null) => switches.find((pulled) => pulled.scope === scope && pulled.id === id);
  return find("all", null) ?? find("key", principal.keyId) ?? find("tenant", principal.tenantId) ?? find("model", model) ?? null;
}

/** The switch that disables a candidate, through its provider or itself. */
function disablingSwitch(switches: readonly KillSwitch[], candidate: Candidate): KillSwitch | undefined {
  return switches.find(
    (pulled) => (pulled.scope === "provider" && pulled.id === candidate.provider) || (pulled.scope === "target" && pulled.id === candidate.target),
  );
}

export interface SwitchedCandidates {
  readonly kept: readonly Candidate[];
  /** The targets taken out, in the route's order. */
  readonly disabled: readonly string[];
  /** The first switch that took a target out, for the request's record; null when none did. */
  readonly firstSwitch: KillSwitchFact | null;
}

/** The candidates left once disabled providers and targets are taken out. */
export function withoutDisabledCandidates(switches: readonly KillSwitch[], candidates: readonly Candidate[]): SwitchedCandidates {
  if (switches.length === 0) return { kept: candidates, disabled: [], firstSwitch: null };
  const kept: Candidate[] = [];
  const disabled: string[] = [];
  let firstSwitch: KillSwitchFact | null = null;
  for (const candidate of candidates) {
    const pulled = disablingSwitch(switches, candidate);
    if (!pulled) {
      kept.push(candidate);
      continue;
    }
    disabled.push(candidate.target);
    firstSwitch ??= killSwitchFact(pulled);
  }
  return { kept, disabled, firstSwitch };
}
