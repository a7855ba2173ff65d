import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { type EffectiveAccess, isAllowed } from "./effective-access";
import { effectiveAccess } from "./request-access";

/**
 * The caller's effective access, once it is clear the caller may ask for `model` at all: a key whose
 * jurisdiction contradicts its tenant's is refused for every model, and a model off the allow-list
 * is refused (both 403), before the request is routed or reserved.
 */
export async function admitModel(c: Context<AppEnv>, model: string): Promise<EffectiveAccess> {
  const access = await effectiveAccess(c);
  if (access.conflictingJurisdictions !== null) {
    throw new GatewayError({ kind: "access_conflict", jurisdictions: access.conflictingJurisdictions });
  }
  if (!isAllowed(access.models, model)) throw new GatewayError({ kind: "model_not_allowed", model });
  return access;
}
