import type { LatencySettings } from "../config/routing-schema";
import type { WorkerEnv } from "../env";
import { type CircuitBreakers, isolateBreakers } from "./circuit-breaker";
import { isolateScores, type LatencyScores } from "./latency-scores";

/**
 * Exchanges this isolate's samples and circuit changes with its caller region's `RegionHealth`
 * object, and adopts the merged view, at most once per `syncIntervalSeconds` per region. Called once a
 * request is over, under `waitUntil`: no request waits for it. Null when there is nothing to do now
 * (too soon, or no `REGION_HEALTH` binding, in which case each isolate learns on its own).
 */
export function shareHealth(
  env: WorkerEnv,
  region: string,
  settings: LatencySettings,
  scores: LatencyScores = isolateScores,
  breakers: CircuitBreakers = isolateBreakers,
): Promise<void> | null {
  const namespace = env.REGION_HEALTH;
  if (!namespace) return null;
  const samples = scores.takeSamples(region, settings.syncIntervalSeconds * 1000);
  if (samples === null) return null;
  const circuits = breakers.takeChanges();
  const regionHealth = namespace.get(namespace.idFromName(region));
  return regionHealth.report({ samples, circuits }).then(
    (snapshot) => {
      scores.adopt(region, snapshot.scores);
      for (const change of snapshot.circuits) breakers.adopt(change);
    },
    (error: unknown) => {
      // The samples are lost, not the scores: this isolate keeps its own view until the next sync.
      const message = error instanceof Error ? error.message : String(error);
      console.warn(JSON.stringify({ level: "warn", event: "region_health_sync_failed", region, error: message }));
    },
  );
}
