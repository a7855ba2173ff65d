/** When a target's circuit opens and for how long. */
export interface BreakerSettings {
  /** Consecutive provider-side failures that open the circuit. */
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

type BreakerState =
  | { readonly state: "closed"; readonly failures: number }
  | { readonly state: "open"; readonly until: number }
  /** One probe is in flight; its outcome closes or reopens the circuit. */
  | { readonly state: "half_open" };

export type CircuitState = BreakerState["state"];

/** A circuit opening (`openUntil` > 0) or closing (`openUntil` 0), as shared between isolates. */
export interface CircuitChange {
  readonly target: string;
  readonly openUntil: number;
  /** `Date.now()` when it happened: the latest change of a target wins. */
  readonly changedAt: number;
}

/**
 * Circuit breakers per target, in isolate memory. A target that fails `failureThreshold` times in a
 * row (or answers 429 with `Retry-After`) is skipped until its cool-down ends; then one request probes
 * it: success closes the circuit, failure opens it again. Reads and writes are in memory only, so the
 * hot path pays no I/O for them; openings and closings are shared with other isolates through the
 * caller region's Durable Object, off the hot path (`takeChanges`, `adopt`).
 */
export class CircuitBreakers {
  private readonly states = new Map<string, BreakerState>();
  private readonly changedAt = new Map<string, number>();
  private readonly unshared = new Map<string, CircuitChange>();

  /** Whether a request may try the target now; past an open circuit's cool-down, the first caller probes. */
  admits(target: string, now: number = Date.now()): boolean {
    const current = this.states.get(target);
    if (!current || current.state === "closed") return true;
    if (current.state === "half_open") return false;
    if (now < current.until) return false;
    this.states.set(target, { state: "half_open" });
    return true;
  }

  stateOf(target: string, now: number = Date.now()): CircuitState {
    const current = this.states.get(target);
    if (!current) return "closed";
    if (current.state === "open" && now >= current.until) return "half_open";
    return current.state;
  }

  /** The targets whose circuit is not closed, with its state. */
  notClosed(now: number = Date.now()): Array<{ readonly target: string; readonly state: CircuitState }> {
    return [...this.states.keys()].map((target) => ({ target, state: this.stateOf(target, now) })).filter((entry) => entry.state !== "closed");
  }

  /** When an open circuit lets a probe through; `Infinity` for one with a probe in flight. */
  reopensAt(target: string): number {
    const current = this.states.get(target);
    if (!current || current.state === "closed") return 0;
    return current.state === "open" ? current.until : Number.POSITIVE_INFINITY;
  }

  recordSuccess(target: string, now: number = Date.now()): void {
    const current = this.states.get(target);
    if (!current) return;
    this.states.delete(target);
    if (current.state !== "closed") this.noteChange(target, 0, now);
  }

  /** A provider-side failure; `retryAfterMs` (from a 429) opens the circuit for at least that long. */
  recordFailure(target: string, settings: BreakerSettings, now: number = Date.now(), retryAfterMs: number | null = null): void {
    const current = this.states.get(target);
    if (retryAfterMs !== null && retryAfterMs > 0) {
      this.open(target, now + Math.max(retryAfterMs, current?.state === "open" ? current.until - now : 0), now);
      return;
    }
    const failures = current?.state === "closed" ? current.failures + 1 : current ? settings.failureThreshold : 1;
    if (failures >= settings.failureThreshold) this.open(target, now + settings.cooldownMs, now);
    else this.states.set(target, { state: "closed", failures });
  }

  /** The openings and closings since the last call, to share; each target's latest only. */
  takeChanges(): CircuitChange[] {
    const changes = [...this.unshared.values()];
    this.unshared.clear();
    return changes;
  }

  /** Applies another isolate's change when it is newer than what this isolate last saw of the target. */
  adopt(change: CircuitChange): void {
    if (change.changedAt <= (this.changedAt.get(change.target) ?? Number.NEGATIVE_INFINITY)) return;
    this.changedAt.set(change.target, change.changedAt);
    if (change.openUntil > 0) this.states.set(change.target, { state: "open", until: change.openUntil });
    else this.states.delete(change.target);
  }

  private open(target: string, until: number, now: number): void {
    this.states.set(target, { state: "open", until });
    this.noteChange(target, until, now);
  }

  private noteChange(target: string, openUntil: number, now: number): void {
    this.changedAt.set(target, now);
    this.unshared.set(target, { target, openUntil, changedAt: now });
  }
}

/** The breakers of this isolate, shared by every request it serves. */
export const isolateBreakers = new CircuitBreakers();
