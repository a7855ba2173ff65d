import { windowMs } from "./contract";

/** One admitted request, shared by the windows of every subject it counts against. */
export interface Reservation {
  readonly id: string;
  readonly at: number;
  readonly expiresAt: number;
  readonly subjects: readonly string[];
  tokens: number;
  cost: number;
  state: ReservationState;
}

export type ReservationState = "open" | "settled" | "expired";

/** A reservation's place in one subject's window; `counted` until it leaves the window or is released. */
interface WindowEntry {
  readonly reservation: Reservation;
  counted: boolean;
}

/**
 * One subject's sliding minute as running totals, so a decision costs the same however busy the
 * subject is: entries leave from the front as time passes (each once), and a settlement corrects the
 * totals in place. Entries arrive in time order, since admissions happen in time order.
 */
export class SubjectWindow {
  private entries: WindowEntry[] = [];
  private head = 0;
  requests = 0;
  tokens = 0;
  /** Requests admitted and not yet settled, released or expired, whenever admitted. */
  open = 0;
  private readonly bySubjectEntry = new Map<string, WindowEntry>();

  add(reservation: Reservation, counted: boolean): void {
    const entry = { reservation, counted };
    this.insertInTimeOrder(entry);
    this.bySubjectEntry.set(reservation.id, entry);
    if (counted) {
      this.requests += 1;
      this.tokens += reservation.tokens;
    }
    if (reservation.state === "open") this.open += 1;
  }

  /** Lets go of what left the window by `now`. */
  slide(now: number): void {
    const cutoff = now - windowMs;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head] as WindowEntry;
      if (entry.reservation.at > cutoff) break;
      this.uncount(entry);
      if (entry.reservation.state !== "open") this.bySubjectEntry.delete(entry.reservation.id);
      this.head += 1;
    }
    // Drop the consumed front now and then, so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The reservation's tokens changed (settled to its real usage). */
  retokened(reservation: Reservation, previousTokens: number): void {
    const entry = this.bySubjectEntry.get(reservation.id);
    if (entry?.counted) this.tokens += reservation.tokens - previousTokens;
  }

  /** The reservation stopped running (settled or expired). */
  closed(reservation: Reservation): void {
    this.open -= 1;
    const entry = this.bySubjectEntry.get(reservation.id);
    if (entry && !entry.counted) this.bySubjectEntry.delete(reservation.id);
  }

  /** The reservation is undone as if never made. */
  released(reservation: Reservation, wasOpen: boolean): void {
    const entry = this.bySubjectEntry.get(reservation.id);
    if (entry) this.uncount(entry);
    this.bySubjectEntry.delete(reservation.id);
    if (wasOpen) this.open -= 1;
  }

  /** The latest admission still counted, or null. */
  newestAt(): number | null {
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const entry = this.entries[i] as WindowEntry;
      if (entry.counted) return entry.reservation.at;
    }
    return null;
  }

  /** The counted entries, oldest first (for working out when there will be room). */
  *counted(): Generator<Reservation> {
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i] as WindowEntry;
      if (entry.counted) yield entry.reservation;
    }
  }

  isEmpty(): boolean {
    return this.requests === 0 && this.open === 0;
  }

  /** Admissions come in time order; only a request recovered after a restart can be older than the last. */
  private insertInTimeOrder(entry: WindowEntry): void {
    let index = this.entries.length;
    while (index > this.head && (this.entries[index - 1] as WindowEntry).reservation.at > entry.reservation.at) index -= 1;
    if (index === this.entries.length) this.entries.push(entry);
    else this.entries.splice(index, 0, entry);
  }

  private uncount(entry: WindowEntry): void {
    if (!entry.counted) return;
    entry.counted = false;
    this.requests -= 1;
    this.tokens -= entry.reservation.tokens;
  }
}
