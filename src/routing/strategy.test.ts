import { describe, expect, it } from "vitest";
import type { Candidate, ModelRoute } from "../config/runtime-config";
import { defaultRoutingSettings } from "../config/routing-schema";
import { rankCandidates } from "./strategy";

const candidate = (target: string) => ({ target }) as Candidate;
const [a, b, c] = [candidate("a"), candidate("b"), candidate("c")];

function route(strategy: ModelRoute["strategy"], weights: Record<string, number>): ModelRoute {
  return {
    name: "m",
    type: "chat",
    ownedBy: "switchboard",
    candidates: [a, b, c],
    retry: defaultRoutingSettings.retry,
    strategy,
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

describe("rankCandidates", () => {
  it("keeps the configured order for `ordered`", () => {
    expect(rankCandidates(route("ordered", {}), [a, b, c]).map((x) => x.target)).toEqual(["a", "b", "c"]);
  });

  it("puts each target first in proportion to its weight, and keeps every other one behind it", () => {
    const weighted = route("weighted", { a: 6, b: 3, c: 1 });
    const random = seeded(42);
    const firsts = { a: 0, b: 0, c: 0 };
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const order = rankCandidates(weighted, [a, b, c], random);
      expect(new Set(order.map((x) => x.target)).size).toBe(3);
      firsts[order[0]?.target as "a" | "b" | "c"] += 1;
    }
    expect(firsts.a / draws).toBeCloseTo(0.6, 1);
    expect(firsts.b / draws).toBeCloseTo(0.3, 1);
    expect(firsts.c / draws).toBeCloseTo(0.1, 1);
  });

  it("keeps a zero-weight target last, for fail-over only", () => {
    const weighted = route("weighted", { a: 0, b: 1, c: 1 });
    const random = seeded(7);
    for (let i = 0; i < 200; i++) expect(rankCandidates(weighted, [a, b, c], random).at(-1)?.target).toBe("a");
  });
});
