/** What the `AuditLog` object answers besides `append` (plain data, so it crosses RPC as is). */

/** The chain's end, for a verifier that must see nothing was cut off, and what is not in R2 yet. */
export interface AuditHead {
  readonly tenantId: string;
  readonly shard: number;
  /** 0 and the genesis hash for a chain with no entry yet. */
  readonly seq: number;
  readonly hash: string;
  readonly unflushed: number;
}

/** What one round of upkeep (alarm or `flush`) did. */
export interface AuditFlushResult {
  /** Whether the spill prefix was read this round (alarms read it at most once a minute), or failed to be. */
  readonly spillScan: "done" | "skipped" | "failed";
  /** Spilled records chained, and spilled duplicates of records already chained (deleted, not chained again). */
  readonly merged: number;
  readonly duplicates: number;
  /** Spill objects that are not valid records, left in R2. */
  readonly invalid: number;
  /** Batch objects written (each with its manifest). */
  readonly objects: number;
  /** Entries still held after the round. */
  readonly unflushed: number;
}
