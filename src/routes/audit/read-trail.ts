import type { Context } from "hono";
import { type AuditQuery, auditQuerySchema, auditTenantOf, periodOf } from "../../audit/audit-query";
import { auditLogName } from "../../audit/log-name";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { firstIssue } from "../../schemas/zod-issues";

export interface TrailRequest {
  readonly bucket: R2Bucket;
  readonly tenantId: string;
  readonly query: AuditQuery;
  readonly period: { readonly from: number; readonly to: number };
}

/**
 * What both audit routes need: the validated query, the tenant the key may read, the period, and
 * the bucket, once the tenant's log has written what it holds to R2, so the newest records are read too.
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
  await flushLog(c, tenantId);
  return { bucket, tenantId, query, period };
}

/** Best effort: a log that cannot flush now is reported in the log line; R2 still holds what it wrote before. */
async function flushLog(c: Context<AppEnv>, tenantId: string): Promise<void> {
  const namespace = c.env.AUDIT_LOG;
  if (!namespace) return;
  try {
    await namespace.get(namespace.idFromName(auditLogName(tenantId))).flush(tenantId);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_flush_failed", requestId: c.var.requestId, tenantId, detail }));
  }
}
