import { type TenantPolicy, tenantPolicySchema } from "../schemas/limits";
import { IsolateCache } from "./isolate-cache";
import { tenantPolicyKey } from "./tenant-policy-key";

/** Records and misses are both cached, so a tenant without a record costs one KV read per TTL, not per request. */
const cache = new IsolateCache<TenantPolicy | null>(10_000);

/**
 * A tenant's policy: its KV record (`tenant:<id>`) when there is one, else its entry in the config,
 * else null. A KV record that does not validate is ignored in favour of the config, and logged, so a
 * bad write cannot lift a tenant's limits silently. Changes take effect within `ttlMs` per isolate.
 */
export async function findTenantPolicy(
  kv: KVNamespace,
  tenantId: string,
  configured: ReadonlyMap<string, TenantPolicy>,
  ttlMs: number,
): Promise<TenantPolicy | null> {
  const cached = cache.get(tenantId);
  if (cached !== undefined) return cached;
  const raw = await kv.get(tenantPolicyKey(tenantId), "json");
  let policy = configured.get(tenantId) ?? null;
  if (raw !== null) {
    const parsed = tenantPolicySchema.safeParse(raw);
    if (parsed.success) policy = parsed.data;
    else console.error(JSON.stringify({ level: "error", event: "tenant_policy_invalid", tenantId }));
  }
  cache.set(tenantId, policy, ttlMs);
  return policy;
}
