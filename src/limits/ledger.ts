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

/** How a reservation was closed, as stored (`state` column). */
const storedStates = { settled: 1, expired: 2 } as const;

interface ReservationRow {
  id: string;
  at: number;
  tokens: number;
  cost: number;
  state: number;
  subjects: string;
  [key: string]: SqlStorageValue;
}

/** The admission a settlement describes, for an object that no longer holds the open reservation. */
export interface Admission {
  readonly at: number;
  readonly subjects: readonly string[];
}

/**
 * The `RateLimiter` object's state: running totals per subject in memory, so a decision reads no
 * rows and writes none. Storage is written when a reservation closes (settled, or expired by alarm),
 * off the request's path, since a write would hold the object's answer until it is durable. What
 * survives a restart: every closed request still in the window, and the spend of every closed request
 * this day and month. What does not: reservations open at that moment; each is counted again, at its
 * real usage, when its settlement arrives (it carries its admission), so a restart can let through at
 * most the requests that were running then.
 */
export class Ledger {
  private readonly windows = new Map<string, SubjectWindow>();
  /** Reservations that can still change: open ones, and expired ones a late settlement may correct. */
  private readonly live = new Map<string, Reservation>();
  /** Spend of closed requests, by subject and period: what storage holds. */
  private readonly closedSpend = new Map<string, number>();
  /** Reserved spend of open requests, by subject and period: memory only. */
  private readonly openSpend = new Map<string, number>();

  constructor(
    private readonly sql: SqlStorage,
    now: number,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY, at INTEGER NOT NULL, tokens INTEGER NOT NULL, cost REAL NOT NULL,
      state INTEGER NOT NULL, subjects TEXT NOT NULL)`);
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
    const key = spendKey(subject, periodKey(period, now));
    return (this.closedSpend.get(key) ?? 0) + (this.openSpend.get(key) ?? 0);
  }

  /** Counts an admitted request as open, in memory only. */
  reserve(id: string, subjects: readonly string[], now: number, expiresAt: number, tokens: number, cost: number): void {
    const reservation: Reservation = { id, at: now, expiresAt, subjects, tokens, cost, state: "open" };
    for (const subject of subjects) this.windowOf(subject).add(reservation, true);
    this.live.set(id, reservation);
    this.addSpend(this.openSpend, reservation, cost, false);
  }

  /**
   * Replaces what a reservation counts with what the request really used, and stores it. An unknown
   * reservation (the object restarted since its admission) is counted from the settlement's
   * `admission`, once. False when there was nothing to settle.
   */
  settle(id: string, tokens: number, cost: number, now: number, admission: Admission | null = null): boolean {
    const reservation = this.live.get(id) ?? this.recovered(id, now, admission);
    if (!reservation) return false;
    const previousTokens = reservation.tokens;
    const wasOpen = reservation.state === "open";
    if (wasOpen) this.addSpend(this.openSpend, reservation, -reservation.cost, false);
    else this.addSpend(this.closedSpend, reservation, -reservation.cost, false);
    reservation.tokens = tokens;
    reservation.cost = cost;
    reservation.state = "settled";
    this.live.delete(id);
    for (const subject of reservation.subjects) {
      const window = this.windowOf(subject);
      window.retokened(reservation, previousTokens);
      if (wasOpen) window.closed(reservation);
    }
    this.addSpend(this.closedSpend, reservation, cost, true);
    this.store(reservation);
    return true;
  }

  /** Removes an open reservation as if it had never been made (the request was not sent after all). */
  release(id: string): void {
    const reservation = this.live.get(id);
    if (!reservation || reservation.state !== "open") return;
    this.addSpend(this.openSpend, reservation, -reservation.cost, false);
    for (const subject of reservation.subjects) this.windowOf(subject).released(reservation, true);
    this.live.delete(id);
  }

  /** Open reservations past their expiry are closed at their reserved amounts (the Worker is presumed gone). */
  expire(now: number): void {
    for (const reservation of this.live.values()) {
      if (reservation.state !== "open" || reservation.expiresAt > now) continue;
      reservation.state = "expired";
      for (const subject of reservation.subjects) this.windowOf(subject).closed(reservation);
      this.addSpend(this.openSpend, reservation, -reservation.cost, false);
      this.addSpend(this.closedSpend, reservation, reservation.cost, true);
      this.store(reservation);
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
    this.sql.exec("DELETE FROM reservations WHERE at <= ?", cutoff);
    for (const reservation of this.live.values()) {
      if (reservation.state === "expired" && reservation.at <= cutoff) this.live.delete(reservation.id);
    }
    for (const [subject, window] of this.windows) {
      window.slide(now);
      if (window.isEmpty()) this.windows.delete(subject);
    }
    const current = new Set([periodKey("day", now), periodKey("month", now)]);
    for (const spend of [this.closedSpend, this.openSpend]) {
      for (const key of spend.keys()) if (!current.has(key.slice(key.lastIndexOf("\n") + 1))) spend.delete(key);
    }
    this.sql.exec("DELETE FROM spend WHERE period != ? AND period != ?", periodKey("day", now), periodKey("month", now));
  }

  /** A settled request this object lost track of (it restarted), counted now from its admission; never twice. */
  private recovered(id: string, now: number, admission: Admission | null): Reservation | null {
    if (!admission) return null;
    const stored = this.sql.exec("SELECT 1 FROM reservations WHERE id = ?", id).toArray().length > 0;
    if (stored) return null;
    const reservation: Reservation = { id, at: admission.at, expiresAt: admission.at, subjects: admission.subjects, tokens: 0, cost: 0, state: "expired" };
    for (const subject of admission.subjects) this.windowOf(subject).add(reservation, admission.at > now - windowMs);
    return reservation;
  }

  private store(reservation: Reservation): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO reservations VALUES (?, ?, ?, ?, ?, ?)",
      reservation.id,
      reservation.at,
      reservation.tokens,
      reservation.cost,
      reservation.state === "expired" ? storedStates.expired : storedStates.settled,
      JSON.stringify(reservation.subjects),
    );
  }

  private windowOf(subject: string): SubjectWindow {
    let window = this.windows.get(subject);
    if (!window) {
      window = new SubjectWindow();
      this.windows.set(subject, window);
    }
    return window;
  }

  private addSpend(spend: Map<string, number>, reservation: Reservation, amount: number, persist: boolean): void {
    if (amount === 0) return;
    for (const subject of reservation.subjects) {
      for (const period of ["day", "month"] as const) {
        const key = periodKey(period, reservation.at);
        const total = (spend.get(spendKey(subject, key)) ?? 0) + amount;
        spend.set(spendKey(subject, key), total);
        if (persist) this.sql.exec("INSERT OR REPLACE INTO spend VALUES (?, ?, ?)", subject, key, total);
      }
    }
  }

  /** Rebuilds the totals from storage: every closed request still in the window, and this period's spend. */
  private load(now: number): void {
    const rows = this.sql.exec<ReservationRow>("SELECT id, at, tokens, cost, state, subjects FROM reservations WHERE at > ? ORDER BY at", now - windowMs);
    for (const row of rows) {
      const state: ReservationState = row.state === storedStates.expired ? "expired" : "settled";
      const reservation: Reservation = { id: row.id, at: row.at, expiresAt: row.at, subjects: JSON.parse(row.subjects) as string[], tokens: row.tokens, cost: row.cost, state };
      for (const subject of reservation.subjects) this.windowOf(subject).add(reservation, true);
      if (state === "expired") this.live.set(reservation.id, reservation);
    }
    for (const row of this.sql.exec<{ subject: string; period: string; amount: number }>("SELECT subject, period, amount FROM spend")) {
      this.closedSpend.set(spendKey(row.subject, row.period), row.amount);
    }
  }
}

function spendKey(subject: string, period: string): string {
  return `${subject}\n${period}`;
}
