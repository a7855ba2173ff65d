import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { auditSettingsOf, type ResolvedTenantPolicy, resolveTenantPolicy } from "../state/tenant-policy-store";

/**
 * The caller's tenant policy, resolved once per request (from the isolate's cache) and kept on the
 * context for every later step: guardrails, access, limits. Resolving it also fixes the request's
 * audit mode and policy version.
 */
export async function requestPolicy(c: Context<AppEnv>): Promise<ResolvedTenantPolicy> {
  const known = c.get("tenantPolicy") as ResolvedTenantPolicy | undefined;
  if (known) return known;
  const { config, principal, record } = c.var;
  const resolved = await resolveTenantPolicy(c.env.KEYS, principal.tenantId, config.tenants, config.limits.policyCacheTtlSeconds * 1000);
  c.set("tenantPolicy", resolved);
  record.audit = { mode: auditSettingsOf(resolved).mode, policyVersion: resolved.version, contentLimitBytes: config.audit.maxContentBytes };
  return resolved;
}
