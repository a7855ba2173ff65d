/** What the Worker and the `AuditLog` object exchange (plain data, so it crosses RPC as is). */

/** The current audit record format; every record and object manifest names it. */
export const auditSchemaVersion = 1;

export interface AuditAppendResult {
  /** The sequence numbers the object gave the records, in the order they were handed over. */
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** R2 prefixes (docs/audit.md): chained batches, and records written alone when the object was unreachable. */
export const auditObjectPrefix = "audit/";
export const auditSpillPrefix = "audit-spill/";
