import type { BreakerSettings, CircuitChange, CircuitState } from "../../routing/circuit-breaker";
import type { RegionRead } from "./health-sources";

/** A target's latest circuit change and the caller region whose object holds it. */
export interface LatestCircuit {
  readonly change: CircuitChange;
  readonly region: string;
}

/**
 * Per target, the latest circuit change across the regions' objects. An isolate shares its changes
 * with whichever region it syncs next, so each region holds some of them; the latest wins, as it does
 * when an isolate adopts them (`CircuitBreakers.adopt`).
 */
export function latestCircuits(regions: readonly RegionRead[]): Map<string, LatestCircuit> {
  const latest = new Map<string, LatestCircuit>();
  for (const read of regions) {
    for (const change of read.snapshot?.circuits ?? []) {
      const known = latest.get(change.target);
      if (!known || change.changedAt > known.change.changedAt) latest.set(change.target, { change, region: read.region });
    }
  }
  return latest;
}

export interface CircuitView {
  readonly state: CircuitState;
  /** ISO 8601: when an open circuit lets a probe through (past for `half_open`); null when closed. */
  readonly open_until: string | null;
  /** ISO 8601: when the circuit last opened or closed; null when nothing was ever shared about it. */
  readonly changed_at: string | null;
  readonly recorded_in: string | null;
  readonly failure_threshold: number;
  readonly cooldown_seconds: number;
}

/** An open circuit whose cool-down is over lets the next request probe it, which is what `half_open` means here. */
export function circuitView(latest: LatestCircuit | undefined, breaker: BreakerSettings, now: number): CircuitView {
  const settings = { failure_threshold: breaker.failureThreshold, cooldown_seconds: breaker.cooldownMs / 1000 };
  if (!latest) return { state: "closed", open_until: null, changed_at: null, recorded_in: null, ...settings };
  const { openUntil, changedAt } = latest.change;
  const state: CircuitState = openUntil === 0 ? "closed" : now < openUntil ? "open" : "half_open";
  return {
    state,
    open_until: openUntil === 0 ? null : new Date(openUntil).toISOString(),
    changed_at: new Date(changedAt).toISOString(),
    recorded_in: latest.region,
    ...settings,
  };
}
