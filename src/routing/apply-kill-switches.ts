import type { Context } from "hono";
import type { Candidate } from "../config/runtime-config";
import { GatewayError } from "../errors/gateway-error";
import { refusingSwitch, type SwitchedCandidates, withoutDisabledCandidates } from "../governance/kill-switches/enforce";
import { killSwitchFact } from "../governance/kill-switches/switch";
import type { AppEnv } from "../http/context";

/**
 * The operator's kill switches on a model request: refused outright by an `all`, key, tenant or model
 * switch; otherwise the candidates of disabled providers and targets are taken out (refused when none
 * is left). Whatever acted is kept on the request's record, for its headers and audit record.
 */
export function applyKillSwitches(c: Context<AppEnv>, model: string, candidates: readonly Candidate[]): SwitchedCandidates {
  const { record, controlState } = c.var;
  const { switches } = controlState;
  if (switches.length === 0) return { kept: candidates, disabled: [], firstSwitch: null };
  const refusing = refusingSwitch(switches, c.var.principal, model);
  if (refusing) {
    record.killSwitch = killSwitchFact(refusing);
    throw new GatewayError({ kind: "disabled", ...record.killSwitch });
  }
  const switched = withoutDisabledCandidates(switches, candidates);
  record.killSwitch = switched.firstSwitch;
  // Nothing left to fail over to: refused with the reason of the switch that took out the first target.
  if (switched.kept.length === 0 && switched.firstSwitch) throw new GatewayError({ kind: "disabled", ...switched.firstSwitch });
  return switched;
}
