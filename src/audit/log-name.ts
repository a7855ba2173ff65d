/**
 * A tenant's trail is one chain per audit log: shard 0 always, and shards 1 … n-1 when the tenant's
 * policy spreads its records over n logs (`audit.shards`). Each chain has its own sequence numbers,
 * hashes and R2 folder; together they are the tenant's trail.
 */
export interface AuditChain {
  readonly tenantId: string;
  readonly shard: number;
}

/**
 * The name of the `AuditLog` object holding a chain: `idFromName(auditLogName(tenantId, shard))`.
 * The object derives its id from this name to refuse every other chain, so the Worker must use it too.
 * Shard 0 keeps the name a single log always had; the others put the shard before the tenant id, so
 * no tenant id, whatever it holds, can name another tenant's shard.
 */
export function auditLogName(tenantId: string, shard = 0): string {
  return shard === 0 ? `tenant:${tenantId}` : `tenant-shard:${shard}:${tenantId}`;
}

/**
 * The chain as one R2 path segment: the URL-encoded tenant id, then `@<shard>` for shards after the
 * first. `encodeURIComponent` never writes `@`, so the segment reads back unambiguously.
 */
export function chainSegment(chain: AuditChain): string {
  const tenant = encodeURIComponent(chain.tenantId);
  return chain.shard === 0 ? tenant : `${tenant}@${chain.shard}`;
}

/** The chain an R2 path segment names, or null for a segment no chain writes. */
export function parseChainSegment(segment: string): AuditChain | null {
  const at = segment.indexOf("@");
  const tenantPart = at === -1 ? segment : segment.slice(0, at);
  const shardPart = at === -1 ? "0" : segment.slice(at + 1);
  if (tenantPart === "" || !/^(0|[1-9]\d{0,4})$/.test(shardPart)) return null;
  if (at !== -1 && shardPart === "0") return null;
  try {
    return { tenantId: decodeURIComponent(tenantPart), shard: Number(shardPart) };
  } catch {
    return null;
  }
}

/** How findings and logs name a chain: `acme`, `acme@2`. */
export function chainLabel(chain: AuditChain): string {
  return chain.shard === 0 ? chain.tenantId : `${chain.tenantId}@${chain.shard}`;
}
