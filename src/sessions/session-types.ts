import type { HistorySize } from "./history-size";

// Messages cross the RPC boundary as JSON text: they are stored as text, and one string is cheaper
// to pass than a tree of objects.

/** Which session: the calling tenant and the id it chose. Ids are per tenant. */
export interface SessionKey {
  readonly tenantId: string;
  readonly sessionId: string;
}

/** What a chat request needs from its session before going upstream. Empty for a new session. */
export interface SessionContext {
  /** The stored messages as one JSON array, in order. */
  readonly history: string;
  readonly size: HistorySize;
  readonly stickyTarget: string | null;
}

/** What one answered request adds to its session. */
export interface SessionTurn {
  /** Appended in order, each the JSON of one message: the request's new messages and the reply; empty when the turn is not kept. */
  readonly messages: readonly string[];
  /** The target that served the turn, which becomes sticky; null leaves the sticky target as it is. */
  readonly servedBy: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: number;
  /** The idle lifetime in force now (`sessions.idleTtlSeconds`); the session expires this long after this turn. */
  readonly idleTtlSeconds: number;
}

export interface SessionUsage {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** In `gateway.currency`; requests served by targets without a price add nothing. */
  readonly cost: number;
}

/** A whole session, for `GET /v1/sessions/{id}`. Times are milliseconds since the epoch. */
export interface SessionSnapshot {
  readonly sessionId: string;
  readonly createdAt: number;
  readonly lastUsedAt: number;
  readonly expiresAt: number;
  readonly stickyTarget: string | null;
  /** The stored messages as one JSON array, in order. */
  readonly messages: string;
  readonly usage: SessionUsage;
}
