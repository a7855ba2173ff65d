/** What the Control object answers: a value with the version it was read at. */
export interface Versioned {
  readonly version: number;
}

export interface ControlCacheOptions {
  /** The clock, in ms; tests move it to show the bound without sleeping. */
  readonly now?: () => number;
  /** Longer than this and a read counts as failed: a slow Control object must not hold requests up. */
  readonly readTimeoutMs?: number;
}

interface ControlCacheSettings<T> extends ControlCacheOptions {
  /** Served by an isolate that has never read the object, when a read fails. */
  readonly fallback: T;
  /** The event of the error line logged when a read fails. */
  readonly unreadableEvent: string;
}

/** Keeps a background read alive past the response of the request that started it (`ctx.waitUntil`). */
export type KeepAlive = (work: Promise<unknown>) => void;

/**
 * The isolate's copy of what the Control object holds. Within its TTL every request is answered from
 * memory. After it, the first request starts one read in the background (kept alive by its
 * `waitUntil`) and every request is answered from the copy until the read lands: no request ever
 * awaits a read another request started, which workerd forbids (the waiting request would go on in
 * the other's I/O context). So a change is seen from TTL + one read on, as before, and no request
 * waits for the Control object once the isolate holds a copy. An isolate that holds none yet reads
 * for each request until one read succeeds. A read that fails keeps the last copy for another TTL
 * (and is logged); an isolate that has never read one serves the fallback: an outage of the Control
 * object must not take the gateway down.
 */
export class ControlCache<T extends Versioned> {
  private held: T | null = null;
  private freshUntil = Number.NEGATIVE_INFINITY;
  /** When the background read in flight started; null when none is. */
  private refreshingSince: number | null = null;
  private readonly now: () => number;
  private readonly readTimeoutMs: number;
  private readonly fallback: T;
  private readonly unreadableEvent: string;

  constructor(settings: ControlCacheSettings<T>) {
    this.now = settings.now ?? Date.now;
    this.readTimeoutMs = settings.readTimeoutMs ?? 1000;
    this.fallback = settings.fallback;
    this.unreadableEvent = settings.unreadableEvent;
  }

  /** The copy in force for this request; a stale copy is answered at once while a background read refreshes it. */
  async current(read: () => Promise<T>, ttlMs: number, keepAlive: KeepAlive): Promise<T> {
    const now = this.now();
    if (now < this.freshUntil) return this.held ?? this.fallback;
    if (this.held === null) return this.refresh(read, ttlMs);
    if (!this.refreshInFlight(now)) {
      this.refreshingSince = now;
      keepAlive(
        this.refresh(read, ttlMs).finally(() => {
          this.refreshingSince = null;
        }),
      );
    }
    return this.held;
  }

  /**
   * Adopts a copy read or just written by this isolate (so its own change applies here at once). An
   * older version than the one held (a read that started before this isolate's write) is not adopted.
   */
  adopt(value: T, ttlMs: number): void {
    if (this.held === null || value.version >= this.held.version) this.held = value;
    this.freshUntil = this.now() + ttlMs;
  }

  /** Forgets everything (tests). */
  reset(): void {
    this.held = null;
    this.freshUntil = Number.NEGATIVE_INFINITY;
    this.refreshingSince = null;
  }

  /** A read started within its timeout is still coming; an older one was lost with its request, so another may start. */
  private refreshInFlight(now: number): boolean {
    return this.refreshingSince !== null && now - this.refreshingSince <= this.readTimeoutMs;
  }

  private async refresh(read: () => Promise<T>, ttlMs: number): Promise<T> {
    try {
      const value = await withTimeout(read(), this.readTimeoutMs);
      this.adopt(value, ttlMs);
      return this.held ?? value;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      console.error(JSON.stringify({ level: "error", event: this.unreadableEvent, detail, keptVersion: this.held?.version ?? null }));
      // Retried after another TTL, not on every request, so an outage does not add a failing read to each.
      this.freshUntil = this.now() + ttlMs;
      return this.held ?? this.fallback;
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
