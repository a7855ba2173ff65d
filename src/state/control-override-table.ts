import { noStoredOverride, type StoredOverride } from "../config/stored-override";

/* The Control object's SQL for the config override (docs/storage-schema.md, `config_overrides`). */

interface OverrideRow extends Record<string, SqlStorageValue> {
  version: number;
  document: string | null;
  actor: string;
  at: string;
}

/** A row per change, never deleted (a few per routing change): the newest is in force, the older ones are the history. */
export function createOverrideTable(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS config_overrides (version INTEGER PRIMARY KEY, document TEXT, actor TEXT NOT NULL, at TEXT NOT NULL)");
}

export function readOverride(sql: SqlStorage): StoredOverride {
  const row = sql.exec<OverrideRow>("SELECT version, document, actor, at FROM config_overrides ORDER BY version DESC LIMIT 1").toArray()[0];
  return row ? { version: row.version, document: row.document, actor: row.actor, updatedAt: row.at } : noStoredOverride;
}

/** Stores the override in force from `version` on; a null document returns to the base. */
export function writeOverride(sql: SqlStorage, version: number, document: string | null, actor: string, at: string): void {
  sql.exec("INSERT INTO config_overrides VALUES (?, ?, ?, ?)", version, document, actor, at);
}
