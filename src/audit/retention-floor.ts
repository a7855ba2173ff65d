import type { RetentionFloor } from "./retention-contract";

type FloorRow = {
  seq: number;
  hash: string;
  record_seq: number;
  cutoff_ms: number;
  kept_from_ms: number | null;
  deleting: number;
  updated_at: number;
};

/** What a retention run records before it deletes: the new floor, and what the verify route needs of it. */
export interface FloorWrite {
  readonly seq: number;
  readonly hash: string;
  readonly recordSeq: number;
  readonly cutoffMs: number;
  readonly keptFromMs: number | null;
  readonly now: number;
}

/**
 * The `AuditLog` object's retention floor (docs/storage-schema.md, `retention_floor`): the last entry
 * retention deleted from R2 and its hash, the retention record that says so, and whether the run is
 * still deleting. Written in the same synchronous step as the retention record's append, so the floor
 * and the chain never disagree.
 */
export class RetentionFloorStore {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(`CREATE TABLE IF NOT EXISTS retention_floor (
      id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL, record_seq INTEGER NOT NULL,
      cutoff_ms INTEGER NOT NULL, kept_from_ms INTEGER, deleting INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
  }

  /** The floor, or null while retention has deleted nothing of this chain. */
  read(): RetentionFloor | null {
    const row = this.storage.sql.exec<FloorRow>("SELECT seq, hash, record_seq, cutoff_ms, kept_from_ms, deleting, updated_at FROM retention_floor WHERE id = 1").toArray()[0];
    if (!row) return null;
    return {
      seq: row.seq,
      hash: row.hash,
      recordSeq: row.record_seq,
      cutoff: new Date(row.cutoff_ms).toISOString(),
      keptFrom: row.kept_from_ms === null ? null : new Date(row.kept_from_ms).toISOString(),
      deleting: row.deleting === 1,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Raises the floor before the run deletes anything; `deleting` stays set until `deleted`. */
  raise(floor: FloorWrite): void {
    this.storage.sql.exec(
      "INSERT OR REPLACE INTO retention_floor VALUES (1, ?, ?, ?, ?, ?, 1, ?)",
      floor.seq,
      floor.hash,
      floor.recordSeq,
      floor.cutoffMs,
      floor.keptFromMs,
      floor.now,
    );
  }

  /** Every object at or below the floor is gone from R2. */
  deleted(now: number): void {
    this.storage.sql.exec("UPDATE retention_floor SET deleting = 0, updated_at = ? WHERE id = 1", now);
  }
}
