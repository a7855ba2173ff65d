/** What the retention sweep and the `AuditLog` object exchange (plain data, so it crosses RPC as is). */

/** One chain's retention, as the tenant's policy says now. */
export interface RetentionRequest {
  /** Batches whose records are all older than this (ms) may go. */
  readonly cutoffMs: number;
  readonly retentionDays: number;
  /** While true nothing is read, deleted or appended. */
  readonly legalHold: boolean;
}

/**
 * Why a run stopped where it did: at a batch not old enough (`not_expired`), at the end of the batches
 * listed up to the cutoff (`end_of_listing`), at a batch that does not continue the chain from the
 * floor (`not_contiguous`: it was deleted by hand, or sits in a later folder), at a manifest that
 * cannot be read or does not match (`manifest_unreadable`, `manifest_mismatch`), at a batch the log
 * still holds (`unflushed`), at a batch some of whose refs may not have been listed
 * (`listing_incomplete`), or at the limit of one call (`limit`: call again).
 */
export type RetentionStop =
  | "held"
  | "empty"
  | "not_expired"
  | "end_of_listing"
  | "not_contiguous"
  | "manifest_unreadable"
  | "manifest_mismatch"
  | "unflushed"
  | "listing_incomplete"
  | "limit";

export interface RetentionResult {
  /**
   * `held`: under a legal hold, nothing done; `empty`: this log holds no chain; `kept`: nothing at the
   * start of the chain could be deleted; `deleted`: a run of batches was recorded and deleted.
   */
  readonly outcome: "held" | "empty" | "kept" | "deleted";
  /** Batch objects deleted (each with its manifest and refs), and the entries they held. */
  readonly objects: number;
  readonly entries: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The retention record's place in the chain, when one was appended. */
  readonly recordSeq: number | null;
  /** Keys an interrupted earlier run had recorded as deleted but left, deleted now. */
  readonly leftovers: number;
  readonly stoppedBy: RetentionStop;
  /** The call stopped at its limit: more may be due. */
  readonly more: boolean;
}

/** The chain's retention floor, as the `AuditLog` object keeps it (`retentionFloor`). */
export interface RetentionFloor {
  /** The last entry retention deleted, and its hash: the chain in R2 begins at `seq + 1`, linking to `hash`. */
  readonly seq: number;
  readonly hash: string;
  /** The retention record that says so. */
  readonly recordSeq: number;
  readonly cutoff: string;
  /** The UTC hour of the folder of the first batch kept (ISO), when the run could tell; null when not. */
  readonly keptFrom: string | null;
  /** True from the record's append until every object at or below the floor is deleted. */
  readonly deleting: boolean;
  readonly updatedAt: string;
}
