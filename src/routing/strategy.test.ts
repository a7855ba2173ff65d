import { describe, expect, it } from "vitest";
import type { Candidate, ModelRoute } from "../config/runtime-config";
import { defaultRoutingSettings } from "../config/routing-schema";
import { compileRegionMap } from "./caller-region";
import { type RankingContext, rankCandidates } from "./strategy";
import { applySample, type TargetScore } from "./target-score";

const candidate = (target: string, region = "us") => ({ target, region }) as Candidate;
const [a, b, c] = [candidate("a"), candidate("b"), candidate("c")];

function route(strategy: ModelRoute["strategy"], weights: Record<string, number> = {}, explorationShare = 0): ModelRoute {
  return {
    name: "m",
    type: "chat",
    ownedBy: "switchboard",
    candidates: [a, b, c],
    retry: defaultRoutingSettings.retry,
    strategy,
    explorationShare,
    weights: new Map(Object.entries(weights)),
  };
}

/** A seeded generator (mulberry32), so the counts below are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scores as if each target had answered every call in the given time. */
function measured(firstByteMs: Record<string, number>, errorRates: Record<string, number> = {}): Map<string, TargetScore> {
  const scores = new Map<string, TargetScore>();
  for (const [target, ms] of Object.entries(firstByteMs)) {
    const score = applySample(undefined, { target, ok: true, firstByteMs: ms, totalMs: ms }, 0);
    scores.set(target, { ...score, errorRate: errorRates[target] ?? 0 });
  }
  return scores;
}

function context(overrides: Partial<RankingContext> = {}): RankingContext {
  return {
    callerRegion: null,
    regions: compileRegionMap(defaultRoutingSettings),
    scores: new Map(),
    proximityPenaltyMs: 50,
    random: seeded(1),
    ...overrides,
  };
}

const targets = (candidates: readonly Candidate[]) => candidates.map((x) => x.target);

describe("rankCandidates", () => {
  it("keeps the configured order for `ordered`", () => {
    expect(targets(rankCandidates(route("ordered"), [a, b, c], context()).order)).toEqual(["a", "b", "c"]);
  });

  it("puts each target first in proportion to its weight, and keeps every other one behind it", () => {
    const weighted = route("weighted", { a: 6, b: 3, c: 1 });
    const random = seeded(42);
    const firsts = { a: 0, b: 0, c: 0 };
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const { order } = rankCandidates(weighted, [a, b, c], context({ random }));
      expect(new Set(targets(order)).size).toBe(3);
      firsts[order[0]?.target as "a" | "b" | "c"] += 1;
    }
    expect(firsts.a / draws).toBeCloseTo(0.6, 1);
    expect(firsts.b / draws).toBeCloseTo(0.3, 1);
    expect(firsts.c / draws).toBeCloseTo(0.1, 1);
  });

  it("keeps a zero-weight target last, for fail-over only", () => {
    const weighted = route("weighted", { a: 0, b: 1, c: 1 });
    const random = seeded(7);
    for (let i = 0; i < 200; i++) expect(rankCandidates(weighted, [a, b, c], context({ random })).order.at(-1)?.target).toBe("a");
  });
});

describe("rankCandidates with `latency`", () => {
  const eu = candidate("eu-1", "eu");
  const us = candidate("us-1", "us");
  const ap = candidate("ap-1", "ap");

  it("with nothing measured, puts the caller's region first, then the regions it lists as near, in that order", () => {
    const ranked = (callerRegion: string | null) => targets(rankCandidates(route("latency"), [us, ap, eu], context({ callerRegion })).order);
    expect(ranked("eu")).toEqual(["eu-1", "us-1", "ap-1"]);
    expect(ranked("ap")).toEqual(["ap-1", "us-1", "eu-1"]);
    expect(ranked("us")).toEqual(["us-1", "eu-1", "ap-1"]);
    expect(ranked(null)).toEqual(["us-1", "ap-1", "eu-1"]);
  });

  it("ranks by measured time to first byte, fastest first", () => {
    const scores = measured({ a: 300, b: 80, c: 120 });
    expect(targets(rankCandidates(route("latency"), [a, b, c], context({ scores })).order)).toEqual(["b", "c", "a"]);
  });

  it("prefers a nearby target unless a farther one is faster by more than the penalty per step", () => {
    const close = measured({ "eu-1": 100, "us-1": 70 });
    expect(targets(rankCandidates(route("latency"), [us, eu], context({ callerRegion: "eu", scores: close })).order)).toEqual(["eu-1", "us-1"]);
    const farFaster = measured({ "eu-1": 200, "us-1": 70 });
    expect(targets(rankCandidates(route("latency"), [us, eu], context({ callerRegion: "eu", scores: farFaster })).order)).toEqual(["us-1", "eu-1"]);
  });

  it("stretches a target's latency by its error rate", () => {
    const scores = measured({ a: 100, b: 150 }, { a: 0.5 });
    expect(targets(rankCandidates(route("latency"), [a, b], context({ scores })).order)).toEqual(["b", "a"]);
  });

  it("assumes an unmeasured target is typical of the measured ones", () => {
    const scores = measured({ a: 300, b: 100 });
    expect(targets(rankCandidates(route("latency"), [a, b, c], context({ scores })).order)).toEqual(["b", "c", "a"]);
  });

  it("moves another target to the front in about the exploration share of requests, and says which", () => {
    const scores = measured({ a: 50, b: 100, c: 150 });
    const random = seeded(3);
    const draws = 10_000;
    let explored = 0;
    for (let i = 0; i < draws; i++) {
      const ranking = rankCandidates(route("latency", {}, 0.1), [a, b, c], context({ scores, random }));
      expect(new Set(targets(ranking.order)).size).toBe(3);
      if (ranking.explored === null) {
        expect(targets(ranking.order)).toEqual(["a", "b", "c"]);
        continue;
      }
      explored += 1;
      expect(ranking.order[0]?.target).toBe(ranking.explored);
      expect(ranking.explored).not.toBe("a");
    }
    expect(explored / draws).toBeCloseTo(0.1, 1);
  });

  it("never explores with a single candidate or a zero share", () => {
    const scores = measured({ a: 50, b: 100 });
    for (let i = 0; i < 100; i++) {
      expect(rankCandidates(route("latency", {}, 0.5), [a], context({ scores })).explored).toBeNull();
      expect(rankCandidates(route("latency", {}, 0), [a, b], context({ scores })).explored).toBeNull();
    }
  });
});
