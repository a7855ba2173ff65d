import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { requestPolicy } from "../request-policy";
import { type EffectiveAccess, narrow } from "./effective-access";

/** Per request (a context lives as long as its request), so the narrowing runs once however often it is asked for. */
const computed = new WeakMap<Context<AppEnv>, EffectiveAccess>();

/** The caller's effective access: its tenant's policy narrowed by its key's (no tenant policy: the key's alone). */
export async function effectiveAccess(c: Context<AppEnv>): Promise<EffectiveAccess> {
  const known = computed.get(c);
  if (known) return known;
  const { policy } = await requestPolicy(c);
  const access = narrow(policy?.access ?? {}, c.var.principal);
  computed.set(c, access);
  return access;
}
