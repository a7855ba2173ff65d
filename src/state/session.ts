import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";
import { utf8Bytes } from "../sessions/history-size";
import type { SessionContext, SessionKey, SessionSnapshot, SessionTurn } from "../sessions/session-types";

type SessionRow = {
  tenant_id: string;
  session_id: string;
  created_at: number;
  last_used_at: number;
  idle_ttl_ms: number;
  sticky_target: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
};

type MessageRow = { message: string; bytes: number };

function jsonArray(rows: readonly MessageRow[]): string {
  return `[${rows.map((row) => row.message).join(",")}]`;
}

/** What the object holds for a caller: nothing, another tenant's session, or the caller's own. */
type Lookup = { readonly kind: "absent" } | { readonly kind: "foreign" } | { readonly kind: "own"; readonly row: SessionRow };

const emptyContext: SessionContext = { history: "[]", size: { messages: 0, bytes: 0 }, stickyTarget: null };

/**
 * One conversation (`x-session-id`) of one tenant: its messages in order, the target that served the
 * last turn, and its counters (docs/sessions.md). The Worker names the object by tenant and session
 * id, and the object also keeps its tenant and answers any other as if it did not exist. It expires
 * by alarm `idleTtl` after its last use. The schema is created on the first write, never on a read,
 * so asking about a session that does not exist leaves no storage behind.
 */
export class Session extends DurableObject<WorkerEnv> {
  /** The stored conversation and sticky target; empty for a session that does not exist (yet). */
  async context(key: SessionKey): Promise<SessionContext> {
    const found = await this.lookup(key);
    if (found.kind !== "own") return emptyContext;
    const rows = this.messageRows();
    let bytes = 0;
    for (const row of rows) bytes += row.bytes;
    return {
      history: jsonArray(rows),
      size: { messages: rows.length, bytes },
      stickyTarget: found.row.sticky_target,
    };
  }

  /** The whole session, or null when the caller has none by this id. Reading it is not a use. */
  async snapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    const found = await this.lookup(key);
    if (found.kind !== "own") return null;
    const { row } = found;
    return {
      sessionId: row.session_id,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.last_used_at + row.idle_ttl_ms,
      stickyTarget: row.sticky_target,
      messages: jsonArray(this.messageRows()),
      usage: { requests: row.requests, inputTokens: row.input_tokens, outputTokens: row.output_tokens, cost: row.cost },
    };
  }

  /**
   * Adds an answered request: its messages, its counters, the target that served it. Creates the
   * session on its first turn. False (and nothing written) when the object belongs to another tenant.
   */
  async recordTurn(key: SessionKey, turn: SessionTurn): Promise<boolean> {
    const found = await this.lookup(key);
    if (found.kind === "foreign") return false;
    const now = Date.now();
    const idleTtlMs = turn.idleTtlSeconds * 1000;
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      sql.exec(
        "CREATE TABLE IF NOT EXISTS session (id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, session_id TEXT NOT NULL, created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL, idle_ttl_ms INTEGER NOT NULL, sticky_target TEXT, requests INTEGER NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost REAL NOT NULL)",
      );
      sql.exec("CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, message TEXT NOT NULL, bytes INTEGER NOT NULL)");
      if (found.kind === "absent") {
        sql.exec("INSERT INTO session VALUES (1, ?, ?, ?, ?, ?, NULL, 0, 0, 0, 0)", key.tenantId, key.sessionId, now, now, idleTtlMs);
      }
      for (const message of turn.messages) sql.exec("INSERT INTO messages (message, bytes) VALUES (?, ?)", message, utf8Bytes(message));
      sql.exec(
        "UPDATE session SET last_used_at = ?, idle_ttl_ms = ?, sticky_target = COALESCE(?, sticky_target), requests = requests + 1, input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost = cost + ?",
        now,
        idleTtlMs,
        turn.servedBy,
        turn.inputTokens,
        turn.outputTokens,
        turn.cost,
      );
    });
    await this.ctx.storage.setAlarm(now + idleTtlMs);
    return true;
  }

  /** Deletes the caller's session; false when it has none by this id. */
  async remove(key: SessionKey): Promise<boolean> {
    const found = await this.lookup(key);
    if (found.kind !== "own") return false;
    await this.erase();
    return true;
  }

  /** Expiry: deletes everything if the session stayed idle for its lifetime, else waits for the new end. */
  override async alarm(): Promise<void> {
    const row = this.row();
    const expiresAt = row ? row.last_used_at + row.idle_ttl_ms : 0;
    if (Date.now() >= expiresAt) await this.erase();
    else await this.ctx.storage.setAlarm(expiresAt);
  }

  private async lookup(key: SessionKey): Promise<Lookup> {
    const row = this.row();
    if (!row) return { kind: "absent" };
    if (row.tenant_id !== key.tenantId || row.session_id !== key.sessionId) return { kind: "foreign" };
    // A late alarm must not bring an expired session back.
    if (Date.now() >= row.last_used_at + row.idle_ttl_ms) {
      await this.erase();
      return { kind: "absent" };
    }
    return { kind: "own", row };
  }

  private row(): SessionRow | null {
    const sql = this.ctx.storage.sql;
    const hasSchema = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'session'").toArray().length > 0;
    if (!hasSchema) return null;
    return (
      sql
        .exec<SessionRow>(
          "SELECT tenant_id, session_id, created_at, last_used_at, idle_ttl_ms, sticky_target, requests, input_tokens, output_tokens, cost FROM session WHERE id = 1",
        )
        .toArray()[0] ?? null
    );
  }

  private messageRows(): MessageRow[] {
    return this.ctx.storage.sql.exec<MessageRow>("SELECT message, bytes FROM messages ORDER BY seq").toArray();
  }

  private async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
}
