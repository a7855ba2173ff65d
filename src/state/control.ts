import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";
import type { KillSwitch, KillSwitchList, KillSwitchScope } from "../governance/kill-switches/switch";
import type { StoredOverride } from "../config/stored-override";
import { createOverrideTable, readOverride, writeOverride } from "./control-override-table";

/** What `set` takes: the switch without its time, which the object stamps. */
export type KillSwitchInput = Omit<KillSwitch, "createdAt">;

/** Everything the Control object holds, at one version: what isolates cache (one read for both). */
export interface ControlSnapshot extends KillSwitchList {
  readonly override: StoredOverride;
}

/** The answer to `clear`: the switch released (null when none was pulled), and the state after the change. */
export interface ClearedKillSwitch extends ControlSnapshot {
  readonly cleared: KillSwitch | null;
}

/**
 * The answer to an override change: refused when `If-Match` named another version than the
 * override's, else the state after it (`changed` false for a delete with nothing to delete).
 */
export type OverrideChange =
  | { readonly ok: true; readonly changed: boolean; readonly previousVersion: number; readonly snapshot: ControlSnapshot }
  | { readonly ok: false; readonly currentVersion: number };

type ChangeAction = "set" | "clear" | "override.put" | "override.delete";

/** The id of the one global Control object. */
export const controlObjectName = "global";

/** SQLite keeps NULL apart in a primary key, so `all`'s missing id is stored as ''. */
const storedId = (id: string | null): string => id ?? "";

interface SwitchRow extends Record<string, SqlStorageValue> {
  scope: string;
  id: string;
  reason: string;
  actor: string;
  created_at: string;
}

/**
 * The gateway's control state: the kill switches operators pull (docs/kill-switches.md) and the admin's
 * config override (docs/config.md). One object for
 * the whole deployment (`idFromName("global")`): writes are rare and must be seen everywhere, so
 * strong consistency matters more than locality. Isolates read it through a short cache
 * (`governance/kill-switches/control-store.ts`), never per request.
 */
export class Control extends DurableObject<WorkerEnv> {
  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS kill_switches (scope TEXT NOT NULL, id TEXT NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, id))",
    );
    sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS changes (version INTEGER PRIMARY KEY, action TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, reason TEXT, actor TEXT NOT NULL, at TEXT NOT NULL)",
    );
    createOverrideTable(sql);
  }

  /** The switches and the override, at the version they are at. */
  snapshot(): ControlSnapshot {
    return { ...this.list(), override: readOverride(this.ctx.storage.sql) };
  }

  list(): KillSwitchList {
    const switches = this.ctx.storage.sql
      .exec<SwitchRow>("SELECT scope, id, reason, actor, created_at FROM kill_switches ORDER BY created_at, scope, id")
      .toArray()
      .map((row) => ({
        scope: row.scope as KillSwitchScope,
        id: row.id === "" ? null : row.id,
        reason: row.reason,
        actor: row.actor,
        createdAt: row.created_at,
      }));
    return { version: this.version(), switches };
  }

  /** Pulls a switch, or replaces the reason and actor of one already pulled. */
  set(input: KillSwitchInput): ControlSnapshot {
    const at = new Date().toISOString();
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO kill_switches VALUES (?, ?, ?, ?, ?)", input.scope, storedId(input.id), input.reason, input.actor, at);
    this.recordChange("set", input.scope, input.id, input.reason, input.actor, at);
    return this.snapshot();
  }

  /** Releases a switch; releasing one that is not pulled changes nothing (and not the version). */
  clear(scope: KillSwitchScope, id: string | null, actor: string): ClearedKillSwitch {
    const cleared = this.list().switches.find((pulled) => pulled.scope === scope && pulled.id === id) ?? null;
    if (cleared) {
      this.ctx.storage.sql.exec("DELETE FROM kill_switches WHERE scope = ? AND id = ?", scope, storedId(id));
      this.recordChange("clear", scope, id, cleared.reason, actor, new Date().toISOString());
    }
    return { ...this.snapshot(), cleared };
  }

  /**
   * Replaces the override with a document the caller validated against its base config. With
   * `ifMatch` (the version an admin read), refused unless the override is still at that version.
   */
  putOverride(document: string, actor: string, ifMatch: string | null): OverrideChange {
    const current = readOverride(this.ctx.storage.sql);
    if (ifMatch !== null && ifMatch !== String(current.version)) return { ok: false, currentVersion: current.version };
    const at = new Date().toISOString();
    const version = this.recordChange("override.put", "config", "overrides", null, actor, at);
    writeOverride(this.ctx.storage.sql, version, document, actor, at);
    return { ok: true, changed: true, previousVersion: current.version, snapshot: this.snapshot() };
  }

  /** Returns to the base config; with no override in force it changes nothing (and not the version). */
  deleteOverride(actor: string, ifMatch: string | null): OverrideChange {
    const current = readOverride(this.ctx.storage.sql);
    if (ifMatch !== null && ifMatch !== String(current.version)) return { ok: false, currentVersion: current.version };
    if (current.document === null) return { ok: true, changed: false, previousVersion: current.version, snapshot: this.snapshot() };
    const at = new Date().toISOString();
    const version = this.recordChange("override.delete", "config", "overrides", null, actor, at);
    writeOverride(this.ctx.storage.sql, version, null, actor, at);
    return { ok: true, changed: true, previousVersion: current.version, snapshot: this.snapshot() };
  }

  private version(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'version'").toArray()[0]?.value ?? 0;
  }

  /** Every change moves the version on and is kept in `changes`, the object's own history of who did what; answers the new version. */
  private recordChange(action: ChangeAction, scope: KillSwitchScope | "config", id: string | null, reason: string | null, actor: string, at: string): number {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO counters VALUES ('version', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1");
    const version = this.version();
    sql.exec("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)", version, action, scope, storedId(id), reason, actor, at);
    return version;
  }
}
