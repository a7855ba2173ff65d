import type { TenantPolicy } from "../schemas/limits";
import { auditSettingsOf, resolveTenantPolicy } from "../state/tenant-policy-store";
import { gatewayAuditTenant } from "./record";

/** Where tenant policies come from: the config's, and how long an isolate keeps one read from KV. */
export interface TenantPolicies {
  readonly tenants: ReadonlyMap<string, TenantPolicy>;
  readonly ttlMs: number;
}

/**
 * How many audit logs the tenant's trail is spread over now (`audit.shards` of its policy), from the
 * isolate's policy cache. The gateway's own trail has one; so does a tenant whose policy cannot be
 * read, since shard 0 is always part of a trail.
 */
export async function auditShardCount(kv: KVNamespace, tenantId: string, policies: TenantPolicies | null): Promise<number> {
  if (tenantId === gatewayAuditTenant || policies === null) return 1;
  try {
    return auditSettingsOf(await resolveTenantPolicy(kv, tenantId, policies.tenants, policies.ttlMs)).shards;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_shards_unknown", tenantId, detail }));
    return 1;
  }
}

/**
 * The shard a batch goes to: uniformly random. Each isolate sends its own batches, so random picks
 * spread every isolate's load evenly over the logs with no coordination between isolates, and a
 * batch stays one call to one log. Chains are independent, so no order across them is needed.
 */
export function pickShard(shardCount: number): number {
  return Math.floor(Math.random() * Math.max(1, shardCount));
}
