import type { Context } from "hono";
import type { Candidate } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import { effectiveAccess } from "../../governance/access/request-access";
import { withoutDisabledCandidates } from "../../governance/kill-switches/enforce";
import type { AppEnv } from "../../http/context";
import { isolateBreakers } from "../../routing/circuit-breaker";
import { residentCandidates } from "../../routing/residency";

export type ClassifierTarget = { readonly ok: true; readonly candidate: Candidate } | { readonly ok: false; readonly problem: string };

/** The targets the caller's jurisdiction and required data policies allow, as for its chat requests; none when none does. */
async function residentOnly(c: Context<AppEnv>, model: string, candidates: readonly Candidate[]): Promise<readonly Candidate[]> {
  try {
    return residentCandidates(model, candidates, await effectiveAccess(c));
  } catch (error) {
    if (error instanceof GatewayError) return [];
    throw error;
  }
}

/**
 * The target the classifier is sent to: among the model's chat targets that no kill switch takes out
 * and that the caller's residency allows, the first whose circuit is closed, else the first. It only
 * reads routing state, so the request's own route record, limits, attempts and circuit probes are
 * left as they are.
 */
export async function classifierTarget(c: Context<AppEnv>, model: string): Promise<ClassifierTarget> {
  const { config } = c.var;
  const route = config.models.get(model);
  if (!route || route.type !== "chat") return { ok: false, problem: "not a chat model of the config" };
  const { switches } = c.var.controlState;
  if (switches.some((pulled) => pulled.scope === "model" && pulled.id === model)) return { ok: false, problem: "disabled by a kill switch" };
  const { kept } = withoutDisabledCandidates(switches, route.candidates.filter((candidate) => candidate.capabilities.chat));
  if (kept.length === 0) return { ok: false, problem: "every target disabled by a kill switch" };
  const resident = await residentOnly(c, model, kept);
  const candidate = resident.find((option) => isolateBreakers.stateOf(option.target) === "closed") ?? resident[0];
  return candidate ? { ok: true, candidate } : { ok: false, problem: "no target within the caller's jurisdiction and data policies" };
}
