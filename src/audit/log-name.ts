/**
 * The name of the `AuditLog` object holding a tenant's chain: `idFromName(auditLogName(tenantId))`.
 * The object derives its id from this name to refuse any other tenant, so the Worker must use it too.
 */
export function auditLogName(tenantId: string): string {
  return `tenant:${tenantId}`;
}
