import { auditObjectPrefix, auditSpillPrefix } from "./contract";
import type { AuditChain } from "./log-name";
import { chainOfFolder, tenantChainsPrefix } from "./object-keys";

/** The folders directly under `root` whose names begin with the tenant's encoded id (theirs and lookalikes'). */
async function foldersLike(bucket: R2Bucket, root: typeof auditObjectPrefix | typeof auditSpillPrefix, tenantId: string): Promise<string[]> {
  const folders: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: tenantChainsPrefix(root, tenantId), delimiter: "/", ...(cursor ? { cursor } : {}) });
    folders.push(...page.delimitedPrefixes);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return folders;
}

/**
 * The chains of a tenant that R2 holds batches or spills of: the folders `audit/<segment>/` and
 * `audit-spill/<segment>/` whose segment reads back as this tenant's chain. A prefix listing alone
 * would also find `acme2` or `acme%401` (tenant `acme@1`) for `acme`: the segment decides.
 */
export async function chainsInBucket(bucket: R2Bucket, tenantId: string): Promise<AuditChain[]> {
  const shards = new Set<number>();
  for (const root of [auditObjectPrefix, auditSpillPrefix] as const) {
    for (const folder of await foldersLike(bucket, root, tenantId)) {
      const chain = chainOfFolder(root, folder);
      if (chain && chain.tenantId === tenantId) shards.add(chain.shard);
    }
  }
  return [...shards].map((shard) => ({ tenantId, shard }));
}

/**
 * A tenant's whole trail, by shard: every chain R2 holds something of (shards the policy no longer
 * names included), and the shards 0 … n-1 its policy spreads records over now, whose records may all
 * still be held by their logs.
 */
export async function trailChains(bucket: R2Bucket, tenantId: string, shardCount: number): Promise<AuditChain[]> {
  const shards = new Set<number>(Array.from({ length: Math.max(1, shardCount) }, (_, shard) => shard));
  for (const chain of await chainsInBucket(bucket, tenantId)) shards.add(chain.shard);
  return [...shards].sort((a, b) => a - b).map((shard) => ({ tenantId, shard }));
}
