import * as z from "zod/mini";
import { GatewayError } from "../errors/gateway-error";
import type { Principal } from "../governance/principal";
import { gatewayAuditTenant } from "./record";

const isoTime = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 time such as 2026-11-01T00:00:00Z"));

/** The query of `/v1/audit/export` and `/v1/audit/verify`. */
export const auditQuerySchema = z.object({
  tenant: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  from: z.optional(isoTime),
  to: z.optional(isoTime),
  format: z._default(z.enum(["jsonl", "csv"]), "jsonl"),
  key: z.optional(z.string()),
  model: z.optional(z.string()),
  status: z.optional(z.string().check(z.regex(/^\d{3}$/, "must be an HTTP status such as 429"))),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

const dayMs = 86_400_000;

/** The period asked for, in ms: `to` defaults to now, `from` to a day before `to`. */
export function periodOf(query: AuditQuery, now: number): { readonly from: number; readonly to: number } {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - dayMs;
  if (from > to) throw new GatewayError({ kind: "invalid_request", message: "'from' must not be after 'to'.", param: "from" });
  return { from, to };
}

/**
 * Whose trail a key may read: an auditor its own tenant's only (asking for another is refused, never
 * answered empty); an admin every tenant it names, the gateway's own trail (`_gateway`) included.
 */
export function auditTenantOf(principal: Principal, requested: string | undefined): string {
  if (principal.role === "admin") {
    if (!requested) throw new GatewayError({ kind: "audit_scope_refused", reason: "tenant_required" });
    return requested;
  }
  if (requested !== undefined && requested !== principal.tenantId) throw new GatewayError({ kind: "audit_scope_refused", reason: "other_tenant" });
  return principal.tenantId;
}

export { gatewayAuditTenant };
