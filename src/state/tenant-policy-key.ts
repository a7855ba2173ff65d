/** The KV key of a tenant's policy record (docs/storage-schema.md). */
export function tenantPolicyKey(tenantId: string): string {
  return `tenant:${tenantId}`;
}
