import type { Context } from "hono";
import { type AuditQuery, auditQuerySchema, auditTenantOf, periodOf } from "../../audit/audit-query";
import { auditShardCount } from "../../audit/audit-shards";
import { type AuditChain, auditLogName } from "../../audit/log-name";
import { trailChains } from "../../audit/tenant-chains";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { firstIssue } from "../../schemas/zod-issues";

export interface TrailRequest {
  readonly bucket: R2Bucket;
  readonly tenantId: string;
  /** Every chain of the tenant's trail, by shard: one for a tenant that was never sharded. */
  readonly chains: readonly AuditChain[];
  readonly query: AuditQuery;
  readonly period: { readonly from: number; readonly to: number };
}

/**
 * What both audit routes need: the validated query, the tenant the key may read, the period, the
 * bucket, and the tenant's chains, once each chain's log has written what it holds to R2, so the
 * newest records are read too.
 */
export async function trailRequest(c: Context<AppEnv>): Promise<TrailRequest> {
  const parsed = auditQuerySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new GatewayError({ kind: "invalid_request", message: `Invalid '${issue.path}': ${issue.message}.`, param: issue.path || null });
  }
  const query = parsed.data;
  const tenantId = auditTenantOf(c.var.principal, query.tenant);
  const period = periodOf(query, Date.now());
  const bucket = c.env.AUDIT_BUCKET;
  if (!bucket) throw new GatewayError({ kind: "internal", detail: "the AUDIT_BUCKET binding is not configured" });
  const { config } = c.var;
  const shardCount = await auditShardCount(c.env.KEYS, tenantId, { tenants: config.tenants, ttlMs: config.limits.policyCacheTtlSeconds * 1000 });
  const chains = await trailChains(bucket, tenantId, shardCount);
  await Promise.all(chains.map((chain) => flushLog(c, chain)));
  return { bucket, tenantId, chains, query, period };
}

/** The `AuditLog` object of a chain, or null without the binding. */
export function logOf(c: Context<AppEnv>, chain: AuditChain) {
  const namespace = c.env.AUDIT_LOG;
  return namespace ? namespace.get(namespace.idFromName(auditLogName(chain.tenantId, chain.shard))) : null;
}

/** Best effort: a log that cannot flush now is reported in the log line; R2 still holds what it wrote before. */
async function flushLog(c: Context<AppEnv>, chain: AuditChain): Promise<void> {
  try {
    await logOf(c, chain)?.flush(chain.tenantId, chain.shard);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_flush_failed", requestId: c.var.requestId, ...chain, detail }));
  }
}
