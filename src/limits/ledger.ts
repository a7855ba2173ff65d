import { periodKey, type SpendPeriod } from "./periods";
import { windowMs } from "./contract";

/** Reservation states: counted while open; settled to the real usage; expired (settled as reserved). */
export const reservationState = { open: 0, settled: 1, expired: 2 } as const;

/** What a subject has used in the sliding window ending now, and how many of its requests are open. */
export interface WindowUsage {
  readonly requests: number;
  readonly tokens: number;
  /** The latest admission in the window (ms), or null when the window is empty. */
  readonly newestAt: number | null;
  readonly open: number;
}

interface ReservationRow {
  readonly id: string;
  readonly at: number;
  readonly tokens: number;
  readonly cost: number;
  readonly state: number;
  [key: string]: SqlStorageValue;
}

/**
 * The `RateLimiter` object's SQLite tables and the queries on them. Every reservation is a row,
 * linked to each subject it counts against, so the sliding window is exact: a subject's usage is
 * the sum over its rows admitted in the last minute.
 */
export class Ledger {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY, at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
      tokens INTEGER NOT NULL, cost REAL NOT NULL, state INTEGER NOT NULL)`);
    sql.exec("CREATE INDEX IF NOT EXISTS reservations_open ON reservations (state, expires_at)");
    sql.exec(`CREATE TABLE IF NOT EXISTS reservation_subjects (
      subject TEXT NOT NULL, at INTEGER NOT NULL, reservation_id TEXT NOT NULL,
      PRIMARY KEY (subject, at, reservation_id)) WITHOUT ROWID`);
    sql.exec(`CREATE TABLE IF NOT EXISTS spend (
      subject TEXT NOT NULL, period TEXT NOT NULL, amount REAL NOT NULL,
      PRIMARY KEY (subject, period)) WITHOUT ROWID`);
  }

  usage(subject: string, now: number): WindowUsage {
    const row = this.sql
      .exec<{ requests: number; tokens: number; newest: number | null }>(
        `SELECT COUNT(*) AS requests, COALESCE(SUM(r.tokens), 0) AS tokens, MAX(s.at) AS newest
         FROM reservation_subjects s JOIN reservations r ON r.id = s.reservation_id
         WHERE s.subject = ? AND s.at > ?`,
        subject,
        now - windowMs,
      )
      .one();
    const open = this.sql
      .exec<{ open: number }>(
        `SELECT COUNT(*) AS open FROM reservation_subjects s JOIN reservations r ON r.id = s.reservation_id
         WHERE s.subject = ? AND r.state = ?`,
        subject,
        reservationState.open,
      )
      .one().open;
    return { requests: row.requests, tokens: row.tokens, newestAt: row.newest, open };
  }

  /** When the window will have room for one more request: the moment enough of the oldest leave it. */
  requestsFreeAt(subject: string, now: number, limit: number, requests: number): number {
    const row = this.sql
      .exec<{ at: number }>(
        "SELECT at FROM reservation_subjects WHERE subject = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?",
        subject,
        now - windowMs,
        Math.max(0, requests - limit),
      )
      .toArray()[0];
    return (row?.at ?? now) + windowMs;
  }

  /** When the window will have room for `wanted` more tokens. */
  tokensFreeAt(subject: string, now: number, limit: number, used: number, wanted: number): number {
    let remaining = used;
    const rows = this.sql.exec<{ at: number; tokens: number }>(
      `SELECT s.at AS at, r.tokens AS tokens FROM reservation_subjects s JOIN reservations r ON r.id = s.reservation_id
       WHERE s.subject = ? AND s.at > ? ORDER BY s.at`,
      subject,
      now - windowMs,
    );
    for (const row of rows) {
      remaining -= row.tokens;
      if (remaining + wanted <= limit) return row.at + windowMs;
    }
    return now + windowMs;
  }

  spent(subject: string, period: SpendPeriod, now: number): number {
    const row = this.sql
      .exec<{ amount: number }>("SELECT amount FROM spend WHERE subject = ? AND period = ?", subject, periodKey(period, now))
      .toArray()[0];
    return row?.amount ?? 0;
  }

  reserve(id: string, subjects: readonly string[], now: number, expiresAt: number, tokens: number, cost: number): void {
    this.sql.exec("INSERT INTO reservations VALUES (?, ?, ?, ?, ?, ?)", id, now, expiresAt, tokens, cost, reservationState.open);
    for (const subject of subjects) {
      this.sql.exec("INSERT INTO reservation_subjects VALUES (?, ?, ?)", subject, now, id);
      this.addSpend(subject, now, cost);
    }
  }

  find(id: string): ReservationRow | null {
    return this.sql.exec<ReservationRow>("SELECT id, at, tokens, cost, state FROM reservations WHERE id = ?", id).toArray()[0] ?? null;
  }

  /** Replaces what a reservation counts with what the request really used. */
  settle(reservation: ReservationRow, tokens: number, cost: number): void {
    this.sql.exec("UPDATE reservations SET tokens = ?, cost = ?, state = ? WHERE id = ?", tokens, cost, reservationState.settled, reservation.id);
    const delta = cost - reservation.cost;
    if (delta !== 0) for (const subject of this.subjectsOf(reservation.id)) this.addSpend(subject, reservation.at, delta);
  }

  /** Removes a reservation as if it had never been made (the request was not sent after all). */
  release(reservation: ReservationRow): void {
    for (const subject of this.subjectsOf(reservation.id)) this.addSpend(subject, reservation.at, -reservation.cost);
    this.sql.exec("DELETE FROM reservation_subjects WHERE reservation_id = ?", reservation.id);
    this.sql.exec("DELETE FROM reservations WHERE id = ?", reservation.id);
  }

  /** Open reservations past their expiry keep their reserved amounts and stop counting as running. */
  expire(now: number): number {
    return this.sql.exec("UPDATE reservations SET state = ? WHERE state = ? AND expires_at <= ?", reservationState.expired, reservationState.open, now)
      .rowsWritten;
  }

  nextExpiry(): number | null {
    return this.sql.exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM reservations WHERE state = ?", reservationState.open).one().next;
  }

  /** Drops what no window or budget can count any more: closed reservations out of the window, past periods. */
  prune(now: number): void {
    const cutoff = now - windowMs;
    this.sql.exec(
      `DELETE FROM reservation_subjects WHERE at <= ? AND reservation_id IN
       (SELECT id FROM reservations WHERE at <= ? AND state != ?)`,
      cutoff,
      cutoff,
      reservationState.open,
    );
    this.sql.exec("DELETE FROM reservations WHERE at <= ? AND state != ?", cutoff, reservationState.open);
    this.sql.exec("DELETE FROM spend WHERE period != ? AND period != ?", periodKey("day", now), periodKey("month", now));
  }

  private subjectsOf(reservationId: string): string[] {
    return this.sql
      .exec<{ subject: string }>("SELECT subject FROM reservation_subjects WHERE reservation_id = ?", reservationId)
      .toArray()
      .map((row) => row.subject);
  }

  private addSpend(subject: string, at: number, amount: number): void {
    for (const period of ["day", "month"] as const) {
      this.sql.exec(
        "INSERT INTO spend VALUES (?, ?, ?) ON CONFLICT (subject, period) DO UPDATE SET amount = amount + excluded.amount",
        subject,
        periodKey(period, at),
        amount,
      );
    }
  }
}
