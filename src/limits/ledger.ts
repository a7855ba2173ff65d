import { windowMs } from "./contract";
import { periodKey, type SpendPeriod } from "./periods";
import { type Reservation, type ReservationState, SubjectWindow } from "./subject-window";

/** What a subject has used in the sliding window ending now, and how many of its requests are open. */
export interface WindowUsage {
  readonly requests: number;
  readonly tokens: number;
  /** The latest admission in the window (ms), or null when the window is empty. */
  readonly newestAt: number | null;
  readonly open: number;
}

const stateCodes: Record<ReservationState, number> = { open: 0, settled: 1, expired: 2 };
const statesByCode: readonly ReservationState[] = ["open", "settled", "expired"];

interface ReservationRow {
  id: string;
  at: number;
  expires_at: number;
  tokens: number;
  cost: number;
  state: number;
  subjects: string;
  [key: string]: SqlStorageValue;
}

/**
 * The `RateLimiter` object's state: running totals per subject in memory, so a decision reads no
 * rows, and SQLite underneath (one row per reservation, one per subject and spend period), written
 * as it changes and read back whole when the object starts, so a restarted object counts exactly
 * what it counted before. Every method takes `now`, so tests can drive time.
 */
export class Ledger {
  private readonly windows = new Map<string, SubjectWindow>();
  /** Reservations that can still change: open ones, and expired ones a late settlement may correct. */
  private readonly live = new Map<string, Reservation>();
  private readonly spend = new Map<string, number>();

  constructor(
    private readonly sql: SqlStorage,
    now: number,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY, at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
      tokens INTEGER NOT NULL, cost REAL NOT NULL, state INTEGER NOT NULL, subjects TEXT NOT NULL)`);
    sql.exec("CREATE INDEX IF NOT EXISTS reservations_by_time ON reservations (at)");
    sql.exec(`CREATE TABLE IF NOT EXISTS spend (
      subject TEXT NOT NULL, period TEXT NOT NULL, amount REAL NOT NULL,
      PRIMARY KEY (subject, period)) WITHOUT ROWID`);
    this.load(now);
  }

  usage(subject: string, now: number): WindowUsage {
    const window = this.windows.get(subject);
    if (!window) return { requests: 0, tokens: 0, newestAt: null, open: 0 };
    window.slide(now);
    return { requests: window.requests, tokens: window.tokens, newestAt: window.newestAt(), open: window.open };
  }

  /** When the window will have room for one more request: the moment enough of the oldest leave it. */
  requestsFreeAt(subject: string, now: number, limit: number, requests: number): number {
    let toLeave = requests - limit + 1;
    for (const reservation of this.windowOf(subject).counted()) {
      toLeave -= 1;
      if (toLeave <= 0) return reservation.at + windowMs;
    }
    return now + windowMs;
  }

  /** When the window will have room for `wanted` more tokens. */
  tokensFreeAt(subject: string, now: number, limit: number, used: number, wanted: number): number {
    let remaining = used;
    for (const reservation of this.windowOf(subject).counted()) {
      remaining -= reservation.tokens;
      if (remaining + wanted <= limit) return reservation.at + windowMs;
    }
    return now + windowMs;
  }

  spent(subject: string, period: SpendPeriod, now: number): number {
    return this.spend.get(spendKey(subject, periodKey(period, now))) ?? 0;
  }

  reserve(id: string, subjects: readonly string[], now: number, expiresAt: number, tokens: number, cost: number): void {
    const reservation: Reservation = { id, at: now, expiresAt, subjects, tokens, cost, state: "open" };
    this.sql.exec("INSERT INTO reservations VALUES (?, ?, ?, ?, ?, ?, ?)", id, now, expiresAt, tokens, cost, stateCodes.open, JSON.stringify(subjects));
    for (const subject of subjects) this.windowOf(subject).add(reservation, true);
    this.live.set(id, reservation);
    this.addSpend(reservation, cost);
  }

  /** Replaces what a reservation counts with what the request really used; false when there is nothing to settle. */
  settle(id: string, tokens: number, cost: number): boolean {
    const reservation = this.live.get(id);
    if (!reservation) return false;
    const previousTokens = reservation.tokens;
    const wasOpen = reservation.state === "open";
    this.addSpend(reservation, cost - reservation.cost);
    reservation.tokens = tokens;
    reservation.cost = cost;
    reservation.state = "settled";
    this.live.delete(id);
    for (const subject of reservation.subjects) {
      const window = this.windowOf(subject);
      window.retokened(reservation, previousTokens);
      if (wasOpen) window.closed(reservation);
    }
    this.sql.exec("UPDATE reservations SET tokens = ?, cost = ?, state = ? WHERE id = ?", tokens, cost, stateCodes.settled, id);
    return true;
  }

  /** Removes a reservation as if it had never been made (the request was not sent after all). */
  release(id: string): void {
    const reservation = this.live.get(id);
    if (!reservation) return;
    this.addSpend(reservation, -reservation.cost);
    for (const subject of reservation.subjects) this.windowOf(subject).released(reservation, reservation.state === "open");
    this.live.delete(id);
    this.sql.exec("DELETE FROM reservations WHERE id = ?", id);
  }

  /** Open reservations past their expiry keep their reserved amounts and stop counting as running. */
  expire(now: number): void {
    for (const reservation of this.live.values()) {
      if (reservation.state !== "open" || reservation.expiresAt > now) continue;
      reservation.state = "expired";
      for (const subject of reservation.subjects) this.windowOf(subject).closed(reservation);
      this.sql.exec("UPDATE reservations SET state = ? WHERE id = ?", stateCodes.expired, reservation.id);
    }
  }

  nextExpiry(): number | null {
    let next: number | null = null;
    for (const reservation of this.live.values()) {
      if (reservation.state === "open" && (next === null || reservation.expiresAt < next)) next = reservation.expiresAt;
    }
    return next;
  }

  /** Drops what no window or budget can count any more: closed reservations out of the window, past periods. */
  prune(now: number): void {
    const cutoff = now - windowMs;
    this.sql.exec("DELETE FROM reservations WHERE at <= ? AND state != ?", cutoff, stateCodes.open);
    for (const reservation of this.live.values()) {
      if (reservation.state === "expired" && reservation.at <= cutoff) this.live.delete(reservation.id);
    }
    for (const [subject, window] of this.windows) {
      window.slide(now);
      if (window.isEmpty()) this.windows.delete(subject);
    }
    const current = new Set([periodKey("day", now), periodKey("month", now)]);
    for (const key of this.spend.keys()) if (!current.has(key.slice(key.lastIndexOf("\n") + 1))) this.spend.delete(key);
    this.sql.exec("DELETE FROM spend WHERE period != ? AND period != ?", periodKey("day", now), periodKey("month", now));
  }

  private windowOf(subject: string): SubjectWindow {
    let window = this.windows.get(subject);
    if (!window) {
      window = new SubjectWindow();
      this.windows.set(subject, window);
    }
    return window;
  }

  private addSpend(reservation: Reservation, amount: number): void {
    if (amount === 0) return;
    for (const subject of reservation.subjects) {
      for (const period of ["day", "month"] as const) {
        const key = periodKey(period, reservation.at);
        const total = (this.spend.get(spendKey(subject, key)) ?? 0) + amount;
        this.spend.set(spendKey(subject, key), total);
        this.sql.exec("INSERT OR REPLACE INTO spend VALUES (?, ?, ?)", subject, key, total);
      }
    }
  }

  /** Rebuilds the totals from storage: every reservation still in the window or still open, and this period's spend. */
  private load(now: number): void {
    const rows = this.sql.exec<ReservationRow>(
      "SELECT * FROM reservations WHERE at > ? OR state = ? ORDER BY at",
      now - windowMs,
      stateCodes.open,
    );
    for (const row of rows) {
      const reservation: Reservation = {
        id: row.id,
        at: row.at,
        expiresAt: row.expires_at,
        subjects: JSON.parse(row.subjects) as string[],
        tokens: row.tokens,
        cost: row.cost,
        state: statesByCode[row.state] ?? "settled",
      };
      const counted = row.at > now - windowMs;
      for (const subject of reservation.subjects) this.windowOf(subject).add(reservation, counted);
      if (reservation.state !== "settled") this.live.set(reservation.id, reservation);
    }
    for (const row of this.sql.exec<{ subject: string; period: string; amount: number }>("SELECT subject, period, amount FROM spend")) {
      this.spend.set(spendKey(row.subject, row.period), row.amount);
    }
  }
}

function spendKey(subject: string, period: string): string {
  return `${subject}\n${period}`;
}
