import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";
import type { KillSwitch, KillSwitchList, KillSwitchScope } from "../governance/kill-switches/switch";

/** What `set` takes: the switch without its time, which the object stamps. */
export type KillSwitchInput = Omit<KillSwitch, "createdAt">;

/** The answer to `clear`: the switch released (null when none was pulled), and the list after the change. */
export interface ClearedKillSwitch extends KillSwitchList {
  readonly cleared: KillSwitch | null;
}

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
 * The gateway's control state: the kill switches operators pull (docs/kill-switches.md). One object for
 * the whole deployment (`idFromName("global")`): writes are rare and must be seen everywhere, so
 * strong consistency matters more than locality. Isolates read it through a short cache
 * (`governance/kill-switches/switch-cache.ts`), never per request.
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
  set(input: KillSwitchInput): KillSwitchList {
    const at = new Date().toISOString();
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO kill_switches VALUES (?, ?, ?, ?, ?)", input.scope, storedId(input.id), input.reason, input.actor, at);
    this.recordChange("set", input.scope, input.id, input.reason, input.actor, at);
    return this.list();
  }

  /** Releases a switch; releasing one that is not pulled changes nothing (and not the version). */
  clear(scope: KillSwitchScope, id: string | null, actor: string): ClearedKillSwitch {
    const cleared = this.list().switches.find((pulled) => pulled.scope === scope && pulled.id === id) ?? null;
    if (cleared) {
      this.ctx.storage.sql.exec("DELETE FROM kill_switches WHERE scope = ? AND id = ?", scope, storedId(id));
      this.recordChange("clear", scope, id, cleared.reason, actor, new Date().toISOString());
    }
    return { ...this.list(), cleared };
  }

  private version(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'version'").toArray()[0]?.value ?? 0;
  }

  /** Every change moves the version on and is kept in `changes`, the object's own history of who did what. */
  private recordChange(action: "set" | "clear", scope: KillSwitchScope, id: string | null, reason: string | null, actor: string, at: string): void {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO counters VALUES ('version', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1");
    sql.exec("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)", this.version(), action, scope, storedId(id), reason, actor, at);
  }
}
