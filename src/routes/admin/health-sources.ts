import type { RuntimeConfig } from "../../config/runtime-config";
import type { WorkerEnv } from "../../env";
import { readKillSwitches } from "../../governance/kill-switches/control-store";
import type { KillSwitch } from "../../governance/kill-switches/switch";
import { unlocatedRegion } from "../../routing/latency-scores";
import type { HealthSnapshot } from "../../state/region-health";

/** Why a region's shared health is missing from the answer. */
export type RegionReadProblem = "not_bound" | "read_failed";

export type RegionRead =
  | { readonly region: string; readonly snapshot: HealthSnapshot; readonly problem: null }
  | { readonly region: string; readonly snapshot: null; readonly problem: RegionReadProblem };

/** What the health answer is made of, read from the objects themselves rather than this isolate's copies. */
export interface HealthSources {
  /** Null when the Control object could not be read. */
  readonly switches: readonly KillSwitch[] | null;
  readonly regions: readonly RegionRead[];
}

/** Every caller region an isolate may share health under: the configured ones, and the one for requests without a location. */
export function callerRegions(config: RuntimeConfig): string[] {
  return [...new Set([...config.regions.near.keys(), unlocatedRegion])].sort();
}

/**
 * Reads the kill switches and every caller region's `RegionHealth` object, all at once. One that
 * cannot be read is reported as such (and logged), so the rest of the answer still comes.
 */
export async function readHealthSources(env: WorkerEnv, config: RuntimeConfig, requestId: string): Promise<HealthSources> {
  const [switches, ...regions] = await Promise.all([
    readSwitches(env, config, requestId),
    ...callerRegions(config).map((region) => readRegion(env, region, requestId)),
  ]);
  return { switches, regions };
}

async function readSwitches(env: WorkerEnv, config: RuntimeConfig, requestId: string): Promise<readonly KillSwitch[] | null> {
  // Without the binding no switch can be pulled, so none is in force.
  if (!env.CONTROL) return [];
  try {
    return (await readKillSwitches(env.CONTROL, config.governance.controlCacheTtlSeconds * 1000)).switches;
  } catch (error) {
    logReadFailure("kill_switches", error, requestId);
    return null;
  }
}

async function readRegion(env: WorkerEnv, region: string, requestId: string): Promise<RegionRead> {
  const namespace = env.REGION_HEALTH;
  if (!namespace) return { region, snapshot: null, problem: "not_bound" };
  try {
    const snapshot = await namespace.get(namespace.idFromName(region)).snapshot();
    return { region, snapshot, problem: null };
  } catch (error) {
    logReadFailure(`region_health:${region}`, error, requestId);
    return { region, snapshot: null, problem: "read_failed" };
  }
}

function logReadFailure(source: string, error: unknown, requestId: string): void {
  const message = error instanceof Error ? error.message : String(error);
  console.warn(JSON.stringify({ level: "warn", event: "admin_health_read_failed", requestId, source, error: message }));
}
