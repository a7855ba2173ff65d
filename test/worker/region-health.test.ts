import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { defaultLatencySettings } from "../../src/config/routing-schema";
import { CircuitBreakers } from "../../src/routing/circuit-breaker";
import { LatencyScores } from "../../src/routing/latency-scores";
import { shareHealth } from "../../src/routing/share-health";
import { staleScoreMs } from "../../src/state/region-health";

/** A region of its own per test, so each starts with an empty object. */
const freshRegion = () => `test-${crypto.randomUUID().slice(0, 8)}`;
const settings = { ...defaultLatencySettings, syncIntervalSeconds: 60 };
const ok = (target: string, firstByteMs: number) => ({ target, ok: true as const, firstByteMs, totalMs: firstByteMs * 2 });

/** What one isolate holds: its scores and its breakers. */
const isolate = () => ({ scores: new LatencyScores(), breakers: new CircuitBreakers() });

function share(region: string, { scores, breakers }: ReturnType<typeof isolate>): Promise<void> | null {
  return shareHealth(env, region, settings, scores, breakers);
}

describe("RegionHealth: scores and circuits shared between isolates", () => {
  it("merges what each isolate measured and hands the merged view back to every one", async () => {
    const region = freshRegion();
    const [first, second] = [isolate(), isolate()];
    first.scores.record(region, ok("a", 100));
    second.scores.record(region, ok("b", 300));
    await share(region, first);
    await share(region, second);
    expect(second.scores.scoresFor(region).get("a")?.firstByteMs).toBe(100);
    expect(second.scores.scoresFor(region).get("b")?.firstByteMs).toBe(300);
    expect(first.scores.scoresFor(region).has("b")).toBe(false);

    // The first isolate learns the second's measurement at its next sync.
    const later = isolate();
    later.scores.record(region, ok("a", 200));
    await share(region, later);
    expect(later.scores.scoresFor(region).get("a")?.firstByteMs).toBeCloseTo(130);
    expect(later.scores.scoresFor(region).get("a")?.samples).toBe(2);
  });

  it("syncs an isolate at most once per interval, so the hot path never waits on the object", async () => {
    const region = freshRegion();
    const one = isolate();
    one.scores.record(region, ok("a", 50));
    const first = share(region, one);
    expect(first).toBeInstanceOf(Promise);
    await first;
    one.scores.record(region, ok("a", 60));
    expect(share(region, one)).toBeNull();
    const regionHealth = env.REGION_HEALTH.get(env.REGION_HEALTH.idFromName(region));
    expect((await regionHealth.snapshot()).reports).toBe(1);
  });

  it("opens a circuit in every isolate once one isolate saw it open, and closes it when a probe succeeded", async () => {
    const region = freshRegion();
    const [failing, other] = [isolate(), isolate()];
    const now = Date.now();
    failing.breakers.recordFailure("t", { failureThreshold: 1, cooldownMs: 60_000 }, now);
    await share(region, failing);
    await share(region, other);
    expect(other.breakers.stateOf("t")).toBe("open");
    expect(other.breakers.admits("t")).toBe(false);

    const prober = isolate();
    prober.breakers.adopt({ target: "t", openUntil: now - 1, changedAt: now });
    expect(prober.breakers.admits("t")).toBe(true);
    prober.breakers.recordSuccess("t", now + 10);
    await share(region, prober);
    const afterwards = isolate();
    await share(region, afterwards);
    expect(afterwards.breakers.stateOf("t")).toBe("closed");
    expect(afterwards.breakers.admits("t")).toBe(true);
  });

  it("keeps its state in SQLite, and forgets scores nobody refreshed for a long time", async () => {
    const region = freshRegion();
    const stub = env.REGION_HEALTH.get(env.REGION_HEALTH.idFromName(region));
    await stub.report({ samples: [ok("fresh", 80), ok("old", 90)], circuits: [] });
    const stored = await runInDurableObject(stub, (_, state) =>
      state.storage.sql.exec<{ target: string }>("SELECT target FROM target_scores ORDER BY target").toArray().map((row) => row.target),
    );
    expect(stored).toEqual(["fresh", "old"]);

    const longAgo = Date.now() - staleScoreMs - 1000;
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("UPDATE target_scores SET updated_at = ? WHERE target = 'old'", longAgo);
    });
    const snapshot = await stub.report({ samples: [ok("fresh", 70)], circuits: [] });
    expect(Object.keys(snapshot.scores)).toEqual(["fresh"]);
    const left = await runInDurableObject(stub, (_, state) => state.storage.sql.exec("SELECT target FROM target_scores").toArray().length);
    expect(left).toBe(1);
  });

  it("does nothing without the binding: each isolate then learns on its own", () => {
    const region = freshRegion();
    const alone = isolate();
    alone.scores.record(region, ok("a", 50));
    expect(shareHealth({ ...env, REGION_HEALTH: undefined }, region, settings, alone.scores, alone.breakers)).toBeNull();
    expect(alone.scores.scoresFor(region).get("a")?.firstByteMs).toBe(50);
  });
});
