import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { requestPolicy } from "../request-policy";
import { type EffectiveAccess, narrow } from "./effective-access";

/** The caller's effective access: its tenant's policy narrowed by its key's (no tenant policy: the key's alone), computed once per request. */
export async function effectiveAccess(c: Context<AppEnv>): Promise<EffectiveAccess> {
  const known = c.get("access") as EffectiveAccess | undefined;
  if (known) return known;
  const { policy } = await requestPolicy(c);
  const access = narrow(policy?.access ?? {}, c.var.principal);
  c.set("access", access);
  return access;
}
