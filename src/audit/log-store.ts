import type { AuditAppendResult } from "./contract";
import { type ChainEntry, entryHash, genesisHash } from "./chain";
import type { AuditChain } from "./log-name";
import type { AppendInput } from "./record-fields";
import { RecentRequests } from "./recent-requests";

/** An entry not yet in R2, with what a batch needs: the record's time (ms) and size. */
export interface StoredEntry extends ChainEntry {
  readonly time: number;
  readonly bytes: number;
}

/** The entries still held: how many, their size, and when the oldest was appended (the object's clock). */
export interface Unflushed {
  readonly count: number;
  readonly bytes: number;
  readonly oldestAt: number | null;
}

/** A batch that could be flushed now: full, or claimed by an earlier attempt, or neither (then only its age decides). */
export interface CandidateBatch {
  readonly entries: readonly StoredEntry[];
  readonly full: boolean;
  readonly claimed: boolean;
  /** When its oldest entry was appended (the object's clock). */
  readonly oldestAt: number;
}

type EntryRow = { seq: number; prev_hash: string; hash: string; record: string; time_ms: number; bytes: number; appended_at: number };
const entryColumns = "seq, prev_hash, hash, record, time_ms, bytes, appended_at";
type HeadRow = { tenant_id: string; shard: number; seq: number; hash: string };
type UnflushedRow = { n: number; bytes: number | null; oldest: number | null };
type BatchRow = { first_seq: number; last_seq: number };

/**
 * The `AuditLog` object's SQLite state (docs/storage-schema.md): the chain head, the entries not yet
 * flushed to R2, the batch being flushed, and recent request ids. Every method is synchronous, so an
 * append reads the head and writes the new one with no other call in between, and its rows are one
 * transaction: all of a call's records are stored, or none.
 */
export class AuditStore {
  private headSeq = 0;
  private headHash = genesisHash;
  private owner: AuditChain | null = null;
  private readonly recent: RecentRequests;
  private held: Unflushed = { count: 0, bytes: 0, oldestAt: null };

  constructor(private readonly storage: DurableObjectStorage) {
    const sql = storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS chain_head (
      id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL,
      shard INTEGER NOT NULL DEFAULT 0)`);
    // Objects created before shards existed hold shard 0, which the column's default gives their row.
    if (!sql.exec("SELECT * FROM chain_head LIMIT 0").columnNames.includes("shard")) {
      sql.exec("ALTER TABLE chain_head ADD COLUMN shard INTEGER NOT NULL DEFAULT 0");
    }
    sql.exec(`CREATE TABLE IF NOT EXISTS entries (
      seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, record TEXT NOT NULL,
      time_ms INTEGER NOT NULL, bytes INTEGER NOT NULL, appended_at INTEGER NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS pending_batch (
      id INTEGER PRIMARY KEY CHECK (id = 1), first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL)`);
    this.recent = new RecentRequests(sql);
    const head = sql.exec<HeadRow>("SELECT tenant_id, shard, seq, hash FROM chain_head WHERE id = 1").toArray()[0];
    if (head) {
      this.owner = { tenantId: head.tenant_id, shard: head.shard };
      this.headSeq = head.seq;
      this.headHash = head.hash;
    }
    this.recount();
  }

  /** The chain this object holds, once it has a record. */
  get chain(): AuditChain | null {
    return this.owner;
  }

  get head(): { readonly seq: number; readonly hash: string } {
    return { seq: this.headSeq, hash: this.headHash };
  }

  get unflushed(): Unflushed {
    return this.held;
  }

  /** Chains and stores records in the order given; the first call names the object's chain (tenant and shard) for good. */
  append(chain: AuditChain, inputs: readonly AppendInput[], now: number, fromSpill: boolean): AuditAppendResult {
    const firstSeq = this.headSeq + 1;
    if (inputs.length === 0) return { firstSeq, lastSeq: this.headSeq };
    const sql = this.storage.sql;
    let seq = this.headSeq;
    let hash = this.headHash;
    this.storage.transactionSync(() => {
      for (const input of inputs) {
        const prevHash = hash;
        seq += 1;
        hash = entryHash(seq, prevHash, input.record);
        sql.exec("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", seq, prevHash, hash, input.record, input.time, input.bytes, now);
      }
      this.recent.remember(
        inputs.map((input) => input.requestId),
        now,
        fromSpill,
      );
      sql.exec("INSERT OR REPLACE INTO chain_head (id, tenant_id, shard, seq, hash) VALUES (1, ?, ?, ?, ?)", chain.tenantId, chain.shard, seq, hash);
    });
    this.owner = { tenantId: chain.tenantId, shard: chain.shard };
    this.headSeq = seq;
    this.headHash = hash;
    this.held = {
      count: this.held.count + inputs.length,
      bytes: this.held.bytes + inputs.reduce((sum, input) => sum + input.bytes, 0),
      oldestAt: this.held.oldestAt ?? now,
    };
    return { firstSeq, lastSeq: seq };
  }

  /** The requests chained since `since` (ms, the object's clock), and merged spills whose objects may still exist. */
  requestsSince(since: number): Set<string> {
    return this.recent.since(since);
  }

  /**
   * The next batch to flush, from the oldest entry held: at most `maxRecords` entries and about
   * `maxBytes` of records (always at least one); or the batch a failed flush claimed, unchanged.
   */
  nextBatch(maxRecords: number, maxBytes: number): CandidateBatch | null {
    const sql = this.storage.sql;
    const pending = sql.exec<BatchRow>("SELECT first_seq, last_seq FROM pending_batch WHERE id = 1").toArray()[0];
    if (pending) return this.candidate(this.rowsBetween(pending.first_seq, pending.last_seq), true, true);
    const rows: EntryRow[] = [];
    let bytes = 0;
    let full = false;
    for (const row of sql.exec<EntryRow>(`SELECT ${entryColumns} FROM entries ORDER BY seq LIMIT ?`, maxRecords)) {
      if (rows.length > 0 && bytes + row.bytes > maxBytes) {
        full = true;
        break;
      }
      rows.push(row);
      bytes += row.bytes;
    }
    return this.candidate(rows, full || rows.length >= maxRecords || bytes >= maxBytes, false);
  }

  /**
   * Records the batch's range before its first R2 write, so a flush retried after a crash or a failure
   * writes the same object again instead of one overlapping it.
   */
  claim(batch: CandidateBatch): void {
    const first = batch.entries[0];
    const last = batch.entries.at(-1);
    if (!batch.claimed && first && last) this.storage.sql.exec("INSERT INTO pending_batch VALUES (1, ?, ?)", first.seq, last.seq);
  }

  /** The batch through `lastSeq` is in R2: its entries leave storage; the head stays. */
  markFlushed(lastSeq: number): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      sql.exec("DELETE FROM entries WHERE seq <= ?", lastSeq);
      sql.exec("DELETE FROM pending_batch");
    });
    this.recount();
  }

  /** Entries held after `afterSeq`, in order: what R2 does not have yet (or has, when a flush stopped before `markFlushed`). */
  heldEntries(afterSeq: number, limit: number): StoredEntry[] {
    return this.storage.sql.exec<EntryRow>(`SELECT ${entryColumns} FROM entries WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit).toArray().map(storedEntry);
  }

  /** The spill objects of these requests are gone: their ids may leave with the window. */
  markSpillsDeleted(requestIds: readonly string[]): void {
    this.recent.spillsDeleted(requestIds);
  }

  /** Forgets requests chained before `before`, except merged spills whose objects may still exist. */
  pruneRequests(before: number): void {
    this.recent.prune(before);
  }

  private rowsBetween(firstSeq: number, lastSeq: number): EntryRow[] {
    return this.storage.sql.exec<EntryRow>(`SELECT ${entryColumns} FROM entries WHERE seq BETWEEN ? AND ? ORDER BY seq`, firstSeq, lastSeq).toArray();
  }

  private candidate(rows: readonly EntryRow[], full: boolean, claimed: boolean): CandidateBatch | null {
    if (rows.length === 0) return null;
    return { entries: rows.map(storedEntry), full, claimed, oldestAt: Math.min(...rows.map((row) => row.appended_at)) };
  }

  private recount(): void {
    const row = this.storage.sql.exec<UnflushedRow>("SELECT COUNT(*) AS n, SUM(bytes) AS bytes, MIN(appended_at) AS oldest FROM entries").one();
    this.held = { count: row.n, bytes: row.bytes ?? 0, oldestAt: row.oldest };
  }
}

function storedEntry(row: EntryRow): StoredEntry {
  return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, record: row.record, time: row.time_ms, bytes: row.bytes };
}
