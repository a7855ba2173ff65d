import { describe, expect, it } from "vitest";
import { LatencyScores } from "./latency-scores";

const ok = (target: string, firstByteMs: number) => ({ target, ok: true as const, firstByteMs, totalMs: null });

describe("LatencyScores", () => {
  it("keeps scores per caller region", () => {
    const scores = new LatencyScores();
    scores.record("eu", ok("t", 40), 0);
    scores.record("ap", ok("t", 400), 0);
    expect(scores.scoresFor("eu").get("t")?.firstByteMs).toBe(40);
    expect(scores.scoresFor("ap").get("t")?.firstByteMs).toBe(400);
    expect(scores.scoresFor("us").size).toBe(0);
  });

  it("hands its samples over at most once per interval, and each sample once", () => {
    const scores = new LatencyScores();
    scores.record("eu", ok("t", 40), 0);
    expect(scores.takeSamples("eu", 1000, 0)).toEqual([ok("t", 40)]);
    scores.record("eu", ok("t", 50), 10);
    expect(scores.takeSamples("eu", 1000, 999)).toBeNull();
    expect(scores.takeSamples("eu", 1000, 1000)).toEqual([ok("t", 50)]);
    expect(scores.takeSamples("eu", 1000, 2000)).toEqual([]);
  });

  it("drops the oldest samples beyond its queue's bound, but not from its scores", () => {
    const scores = new LatencyScores();
    for (let i = 0; i < 300; i++) scores.record("eu", ok("t", i), 0);
    const samples = scores.takeSamples("eu", 1000, 0);
    expect(samples).toHaveLength(256);
    expect(samples?.[0]).toEqual(ok("t", 44));
    expect(scores.scoresFor("eu").get("t")?.samples).toBe(300);
  });

  it("adopts a shared view in place of its own for that region", () => {
    const scores = new LatencyScores();
    scores.record("eu", ok("mine", 40), 0);
    const shared = { theirs: { firstByteMs: 90, totalMs: null, recentFirstByteMs: [90], errorRate: 0, samples: 1, updatedAt: 0 } };
    scores.takeSamples("eu", 1000, 0);
    scores.adopt("eu", shared);
    expect([...scores.scoresFor("eu").keys()]).toEqual(["theirs"]);
  });

  it("keeps the samples it took while the exchange ran on top of the shared view", () => {
    const scores = new LatencyScores();
    scores.record("eu", ok("t", 40), 0);
    const sent = scores.takeSamples("eu", 1000, 0);
    scores.record("eu", ok("t", 400), 5);
    const shared = { t: { firstByteMs: 40, totalMs: null, recentFirstByteMs: [40], errorRate: 0, samples: sent?.length ?? 0, updatedAt: 0 } };
    scores.adopt("eu", shared, 10);
    expect(scores.scoresFor("eu").get("t")).toMatchObject({ firstByteMs: 40 + 0.3 * 360, samples: 2 });
    expect(scores.takeSamples("eu", 1000, 1000)).toEqual([ok("t", 400)]);
  });
});
