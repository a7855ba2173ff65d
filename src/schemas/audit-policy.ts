import * as z from "zod/mini";

/**
 * What an audit record keeps of a request's content (docs/audit.md): the request and the answer as
 * sent (`full`), the same with personal data and secrets masked (`redacted`), or only their SHA-256
 * hashes (`metadata`, the default: the least a trail can keep and still prove what was exchanged).
 */
export const auditModes = ["full", "redacted", "metadata"] as const;
export type AuditMode = (typeof auditModes)[number];

export const defaultAuditRetentionDays = 180;

/** A tenant's audit settings: content mode, retention, legal hold, and how many logs share its trail. */
export const tenantAuditSchema = z.object({
  mode: z._default(z.enum(auditModes), "metadata"),
  /** Batch objects whose records are all older than this are deleted by the daily retention run. */
  retentionDays: z._default(
    z.int("must be a whole number").check(z.minimum(1, "must be at least 1"), z.maximum(36_500, "must be at most 36500")),
    defaultAuditRetentionDays,
  ),
  /** While true, retention deletes nothing of the tenant's trail, however old. */
  legalHold: z._default(z.boolean(), false),
  /** Audit logs (Durable Objects) the tenant's records are spread over; raise it for a tenant one log cannot keep up with. */
  shards: z._default(z.int("must be a whole number").check(z.minimum(1, "must be at least 1"), z.maximum(64, "must be at most 64")), 1),
});

export type TenantAudit = z.infer<typeof tenantAuditSchema>;

/** The settings of a tenant with no policy, or a policy without an `audit` section. */
export const defaultTenantAudit: TenantAudit = tenantAuditSchema.parse({});
