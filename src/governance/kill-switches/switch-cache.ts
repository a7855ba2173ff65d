import { type KillSwitchList, noKillSwitches } from "./switch";

/** Reads the switches from where they are kept (the Control object). */
export type KillSwitchReader = () => Promise<KillSwitchList>;

export interface KillSwitchCacheOptions {
  /** The clock, in ms; tests move it to show the bound without sleeping. */
  readonly now?: () => number;
  /** Longer than this and a read counts as failed: a slow Control object must not hold requests up. */
  readonly readTimeoutMs?: number;
}

/**
 * The isolate's copy of the kill switches. Within its TTL every request is answered from memory;
 * after it, one read refreshes it, however many requests arrive meanwhile (they all wait for that one
 * read). A read that fails keeps the last list for another TTL (and is logged); an isolate that has
 * never read one serves with none: an outage of the Control object must not take the gateway down.
 */
export class KillSwitchCache {
  private list: KillSwitchList | null = null;
  private freshUntil = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<KillSwitchList> | null = null;
  private readonly now: () => number;
  private readonly readTimeoutMs: number;

  constructor(options: KillSwitchCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.readTimeoutMs = options.readTimeoutMs ?? 1000;
  }

  /** The switches, from memory while fresh, else after one (shared) read. */
  async current(read: KillSwitchReader, ttlMs: number): Promise<KillSwitchList> {
    if (this.list !== null && this.now() < this.freshUntil) return this.list;
    this.refreshing ??= this.refresh(read, ttlMs).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Adopts a list read or just written by this isolate (so its own change applies here at once). An
   * older version than the one held (a read that started before this isolate's write) is not adopted.
   */
  adopt(list: KillSwitchList, ttlMs: number): void {
    if (this.list === null || list.version >= this.list.version) this.list = list;
    this.freshUntil = this.now() + ttlMs;
  }

  /** Forgets everything (tests). */
  reset(): void {
    this.list = null;
    this.freshUntil = Number.NEGATIVE_INFINITY;
  }

  private async refresh(read: KillSwitchReader, ttlMs: number): Promise<KillSwitchList> {
    try {
      const list = await withTimeout(read(), this.readTimeoutMs);
      this.adopt(list, ttlMs);
      return this.list ?? list;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      console.error(
        JSON.stringify({ level: "error", event: "kill_switches_unreadable", detail, keptVersion: this.list?.version ?? null }),
      );
      // Retried after another TTL, not on every request, so an outage does not add a failing read to each.
      this.freshUntil = this.now() + ttlMs;
      return this.list ?? noKillSwitches;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
