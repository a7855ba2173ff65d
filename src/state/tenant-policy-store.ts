import { defaultTenantAudit, type TenantAudit } from "../schemas/audit-policy";
import { type TenantPolicy, tenantPolicySchema } from "../schemas/limits";
import { IsolateCache } from "./isolate-cache";
import { tenantPolicyKey } from "./tenant-policy-key";

/** A tenant's policy as it applies, and which version of it: what the audit record names. */
export interface ResolvedTenantPolicy {
  readonly policy: TenantPolicy | null;
  /**
   * `kv:<hash>` or `config:<hash>` (the first 16 hex digits of the SHA-256 of the policy as
   * validated, defaults filled in), or `none` for a tenant without a policy. A change of a field
   * changes it; the same policy written again keeps it.
   */
  readonly version: string;
}

/** Records and misses are both cached, so a tenant without a record costs one KV read per TTL, not per request. */
const cache = new IsolateCache<ResolvedTenantPolicy>(10_000);

const noPolicy: ResolvedTenantPolicy = { policy: null, version: "none" };

async function versionOf(source: "kv" | "config", policy: TenantPolicy): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(policy)));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${source}:${hex}`;
}

/**
 * A tenant's policy and its version: its KV record (`tenant:<id>`) when there is one, else its entry
 * in the config, else none. A KV record that does not validate is ignored in favour of the config,
 * and logged, so a bad write cannot lift a tenant's limits silently. Changes take effect within
 * `ttlMs` per isolate.
 */
export async function resolveTenantPolicy(
  kv: KVNamespace,
  tenantId: string,
  configured: ReadonlyMap<string, TenantPolicy>,
  ttlMs: number,
): Promise<ResolvedTenantPolicy> {
  const cached = cache.get(tenantId);
  if (cached !== undefined) return cached;
  const resolved = await loadTenantPolicy(kv, tenantId, configured);
  cache.set(tenantId, resolved, ttlMs);
  return resolved;
}

/** `resolveTenantPolicy` without the cache: what KV and the config hold now (the admin API reads this). */
export async function loadTenantPolicy(
  kv: KVNamespace,
  tenantId: string,
  configured: ReadonlyMap<string, TenantPolicy>,
): Promise<ResolvedTenantPolicy> {
  const raw = await kv.get(tenantPolicyKey(tenantId), "json");
  const fromConfig = configured.get(tenantId);
  let resolved = fromConfig ? { policy: fromConfig, version: await versionOf("config", fromConfig) } : noPolicy;
  if (raw !== null) {
    const parsed = tenantPolicySchema.safeParse(raw);
    if (parsed.success) resolved = { policy: parsed.data, version: await versionOf("kv", parsed.data) };
    else console.error(JSON.stringify({ level: "error", event: "tenant_policy_invalid", tenantId }));
  }
  return resolved;
}

/** Writes a validated policy to KV (`tenant:<id>`) and returns it with its version, as isolates will resolve it. */
export async function storeTenantPolicy(kv: KVNamespace, tenantId: string, policy: TenantPolicy): Promise<ResolvedTenantPolicy> {
  await kv.put(tenantPolicyKey(tenantId), JSON.stringify(policy));
  return { policy, version: await versionOf("kv", policy) };
}

/** Deletes the tenant's KV policy, so the config's entry (or none) applies again. Returns what is then in force. */
export async function removeTenantPolicy(
  kv: KVNamespace,
  tenantId: string,
  configured: ReadonlyMap<string, TenantPolicy>,
): Promise<ResolvedTenantPolicy> {
  await kv.delete(tenantPolicyKey(tenantId));
  return loadTenantPolicy(kv, tenantId, configured);
}

export async function findTenantPolicy(
  kv: KVNamespace,
  tenantId: string,
  configured: ReadonlyMap<string, TenantPolicy>,
  ttlMs: number,
): Promise<TenantPolicy | null> {
  return (await resolveTenantPolicy(kv, tenantId, configured, ttlMs)).policy;
}

/** The audit settings of a resolved policy (the defaults when it has none). */
export function auditSettingsOf(resolved: ResolvedTenantPolicy): TenantAudit {
  return resolved.policy?.audit ?? defaultTenantAudit;
}
