/**
 * Which requests the chain holds recently, so a spilled record whose append did succeed (its answer
 * was lost) is recognized and not chained twice (docs/storage-schema.md, `AuditLog`).
 *
 * Direct appends are remembered one row per append call, not per record, with no index: SQLite rows
 * written are what auditing costs most (bench/RESULTS.md, "Audit"), and the ids are only read when
 * spills are merged, which is rare. Merged spills (rare too) are remembered one row per request, for
 * the same window and, whatever happens, until their R2 objects are deleted, so an object whose deletion
 * failed is not merged again.
 */
export class RecentRequests {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS recent_appends (appended_at INTEGER NOT NULL, request_ids TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS merged_spills (
      request_id TEXT PRIMARY KEY, merged_at INTEGER NOT NULL, object_deleted INTEGER NOT NULL) WITHOUT ROWID`);
    // The per-request table of earlier versions, replaced by the two above.
    sql.exec("DROP TABLE IF EXISTS recent_requests");
  }

  /** Remembers the requests of one append (inside its transaction). */
  remember(requestIds: readonly string[], now: number, fromSpill: boolean): void {
    if (fromSpill) {
      for (const requestId of requestIds) this.sql.exec("INSERT OR REPLACE INTO merged_spills VALUES (?, ?, 0)", requestId, now);
      return;
    }
    this.sql.exec("INSERT INTO recent_appends VALUES (?, ?)", now, requestIds.map(encodeURIComponent).join("\n"));
  }

  /** The requests appended since `since` (ms, the object's clock), and every merged spill remembered. */
  since(since: number): Set<string> {
    const ids = new Set<string>();
    for (const row of this.sql.exec<{ request_ids: string }>("SELECT request_ids FROM recent_appends WHERE appended_at >= ?", since)) {
      for (const encoded of row.request_ids.split("\n")) ids.add(decodeURIComponent(encoded));
    }
    for (const row of this.sql.exec<{ request_id: string }>("SELECT request_id FROM merged_spills")) ids.add(row.request_id);
    return ids;
  }

  /** The spill objects of these requests are gone: their ids may leave with the window. */
  spillsDeleted(requestIds: readonly string[]): void {
    for (const requestId of requestIds) this.sql.exec("UPDATE merged_spills SET object_deleted = 1 WHERE request_id = ?", requestId);
  }

  /** Forgets requests chained before `before`, except merged spills whose objects may still exist. */
  prune(before: number): void {
    this.sql.exec("DELETE FROM recent_appends WHERE appended_at < ?", before);
    this.sql.exec("DELETE FROM merged_spills WHERE merged_at < ? AND object_deleted = 1", before);
  }
}
