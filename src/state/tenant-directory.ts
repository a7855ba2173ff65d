import type { TenantPolicy } from "../schemas/limits";
import { allTenantKeysPrefix, tenantOfKeyIndexKey } from "./key-index";
import { listKvNames } from "./kv-names";
import { tenantPolicyKey } from "./tenant-policy-key";

/** A tenant the gateway knows of: one with keys, a KV policy or a policy in the config. */
export interface TenantEntry {
  readonly tenantId: string;
  /** Keys listed for it, revoked ones included. */
  readonly keys: number;
  /** Where its policy comes from; `kv` wins over `config` (docs/limits.md). */
  readonly policySource: "kv" | "config" | null;
}

/** Every tenant with keys or a policy, sorted by id. */
export async function listTenants(kv: KVNamespace, configured: ReadonlyMap<string, TenantPolicy>): Promise<TenantEntry[]> {
  const policyPrefix = tenantPolicyKey("");
  const [policyNames, keyNames] = await Promise.all([listKvNames(kv, policyPrefix), listKvNames(kv, allTenantKeysPrefix)]);
  const keyCounts = new Map<string, number>();
  for (const name of keyNames) {
    const tenantId = tenantOfKeyIndexKey(name);
    if (tenantId !== null) keyCounts.set(tenantId, (keyCounts.get(tenantId) ?? 0) + 1);
  }
  const withKvPolicy = new Set(policyNames.map((name) => name.slice(policyPrefix.length)));
  const ids = new Set([...keyCounts.keys(), ...withKvPolicy, ...configured.keys()]);
  return [...ids].sort().map((tenantId) => ({
    tenantId,
    keys: keyCounts.get(tenantId) ?? 0,
    policySource: withKvPolicy.has(tenantId) ? "kv" : configured.has(tenantId) ? "config" : null,
  }));
}
