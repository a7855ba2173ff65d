import { readSecret, type WorkerEnv } from "../../env";
import { withoutDisabledCandidates } from "../../governance/kill-switches/enforce";
import type { KillSwitchFact } from "../../governance/kill-switches/switch";
import { type CircuitView, circuitView, latestCircuits } from "./health-circuit";
import { type LatencyView, latencyViews } from "./health-latency";
import type { HealthSources, RegionReadProblem } from "./health-sources";
import type { RoutedTarget } from "./health-targets";

/**
 * `up`: its circuit is closed; `down`: open; `probing`: the cool-down is over and the next request tests
 * it; `disabled`: a kill switch takes it out; `unknown`: no region's object could be read.
 */
export type TargetStatus = "up" | "down" | "probing" | "disabled" | "unknown";

/** A state object this answer lacks, so the parts it holds are missing from every target. */
export interface UnreadSource {
  readonly source: "kill_switches" | "region_health";
  readonly region: string | null;
  readonly problem: RegionReadProblem;
}

export interface TargetHealth {
  readonly object: "target_health";
  readonly target: string;
  readonly provider: string;
  readonly provider_kind: string;
  readonly region: string;
  readonly upstream_model: string;
  readonly models: readonly string[];
  /** The secret's name and whether it is set, never its value; null when the provider needs none. */
  readonly api_key_secret: { readonly name: string; readonly set: boolean } | null;
  readonly status: TargetStatus;
  readonly kill_switch: KillSwitchFact | null;
  readonly circuit: CircuitView;
  readonly latency: readonly LatencyView[];
  readonly unread: readonly UnreadSource[];
}

export interface ProviderHealth {
  readonly object: "provider_health";
  readonly provider: string;
  readonly provider_kind: string;
  readonly region: string;
  readonly targets_up: number;
  readonly targets_total: number;
}

export type OverallStatus = "ok" | "degraded" | "down" | "unknown";

export function unreadSources(sources: HealthSources): UnreadSource[] {
  const unread: UnreadSource[] = sources.switches === null ? [{ source: "kill_switches", region: null, problem: "read_failed" }] : [];
  for (const read of sources.regions) {
    if (read.problem !== null) unread.push({ source: "region_health", region: read.region, problem: read.problem });
  }
  return unread;
}

/** Each target with what the config says of it and what the state objects hold about it now. */
export function targetHealth(env: WorkerEnv, targets: readonly RoutedTarget[], sources: HealthSources, now: number): TargetHealth[] {
  const circuits = latestCircuits(sources.regions);
  const unread = unreadSources(sources);
  const noRegionRead = sources.regions.every((read) => read.snapshot === null);
  return targets.map(({ candidate, models }) => {
    const killSwitch = sources.switches === null ? null : withoutDisabledCandidates(sources.switches, [candidate]).firstSwitch;
    const circuit = circuitView(circuits.get(candidate.target), candidate.breaker, now);
    return {
      object: "target_health",
      target: candidate.target,
      provider: candidate.provider,
      provider_kind: candidate.providerKind,
      region: candidate.region,
      upstream_model: candidate.upstreamModel,
      models,
      api_key_secret: candidate.apiKeySecret === null ? null : { name: candidate.apiKeySecret, set: readSecret(env, candidate.apiKeySecret) !== null },
      status: statusOf(killSwitch, circuit, noRegionRead),
      kill_switch: killSwitch,
      circuit,
      latency: latencyViews(candidate.target, sources.regions, now),
      unread,
    };
  });
}

function statusOf(killSwitch: KillSwitchFact | null, circuit: CircuitView, noRegionRead: boolean): TargetStatus {
  if (killSwitch) return "disabled";
  if (noRegionRead) return "unknown";
  if (circuit.state === "open") return "down";
  return circuit.state === "half_open" ? "probing" : "up";
}

/** Per provider (by name), how many of its targets are up. */
export function providerHealth(targets: readonly TargetHealth[]): ProviderHealth[] {
  const providers = new Map<string, { first: TargetHealth; up: number; total: number }>();
  for (const target of targets) {
    const entry = providers.get(target.provider) ?? { first: target, up: 0, total: 0 };
    entry.total += 1;
    if (target.status === "up") entry.up += 1;
    providers.set(target.provider, entry);
  }
  return [...providers.values()]
    .map(({ first, up, total }) => ({
      object: "provider_health" as const,
      provider: first.provider,
      provider_kind: first.provider_kind,
      region: first.region,
      targets_up: up,
      targets_total: total,
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

/**
 * `ok`: every target up and every state object read; `down`: none up or possibly up; `unknown`: no
 * target's state could be read; `degraded` in between.
 */
export function overallStatus(targets: readonly TargetHealth[], unread: readonly UnreadSource[]): OverallStatus {
  const count = (status: TargetStatus) => targets.filter((target) => target.status === status).length;
  const [up, unknown] = [count("up"), count("unknown")];
  if (targets.length > 0 && unknown === targets.length) return "unknown";
  if (targets.length > 0 && up + unknown === 0) return "down";
  return up === targets.length && unread.length === 0 ? "ok" : "degraded";
}
