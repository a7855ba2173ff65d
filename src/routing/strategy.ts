import type { Candidate, ModelRoute } from "../config/runtime-config";
import { proximity, type RegionMap } from "./caller-region";
import { expectedLatencyMs, type TargetScore } from "./target-score";

/** What ranking reads besides the route: where the caller is and what has been measured from there. */
export interface RankingContext {
  readonly callerRegion: string | null;
  readonly regions: RegionMap;
  /** Scores seen from the caller's region, by target. */
  readonly scores: ReadonlyMap<string, TargetScore>;
  /** Added per step between the caller's region and a target's (`routing.latency.proximityPenaltyMs`). */
  readonly proximityPenaltyMs: number;
  readonly random: () => number;
}

export interface Ranking {
  readonly order: readonly Candidate[];
  /** The target moved to the front to measure it (`latency` strategy's exploration share), if any. */
  readonly explored: string | null;
}

/**
 * The order in which a request tries its candidates.
 * - `latency`: by expected latency from the caller's region (see `expectedLatencyMs`), plus
 *   `proximityPenaltyMs` per step between the caller's region and the target's; a target measured
 *   from nowhere yet is assumed typical (the mean of those measured), so with nothing measured the
 *   nearest come first, in configured order. With probability `explorationShare` (the model's), one of the others is
 *   moved to the front, so a target that recovered is measured again and wins its traffic back.
 * - `ordered`: the configured list.
 * - `weighted`: an order drawn at random in which each target comes first with probability
 *   proportional to its weight (Efraimidis–Spirakis: sort by `u^(1/w)`), so traffic splits by weight
 *   and every other target still serves as fail-over; a weight of 0 puts a target last.
 */
export function rankCandidates(route: ModelRoute, candidates: readonly Candidate[], context: RankingContext): Ranking {
  switch (route.strategy) {
    case "latency":
      return byLatency(candidates, context, route.explorationShare);
    case "ordered":
      return { order: candidates, explored: null };
    case "weighted": {
      const keyed = candidates.map((candidate, index) => {
        const weight = route.weights.get(candidate.target) ?? 1;
        return { candidate, index, key: weight > 0 ? context.random() ** (1 / weight) : -1 };
      });
      keyed.sort((a, b) => b.key - a.key || a.index - b.index);
      return { order: keyed.map((entry) => entry.candidate), explored: null };
    }
  }
}

function byLatency(candidates: readonly Candidate[], context: RankingContext, explorationShare: number): Ranking {
  const measured = candidates.flatMap((candidate) => context.scores.get(candidate.target)?.firstByteMs ?? []);
  const priorMs = measured.length === 0 ? 0 : measured.reduce((sum, ms) => sum + ms, 0) / measured.length;
  const keyed = candidates.map((candidate, index) => ({
    candidate,
    index,
    rankMs:
      expectedLatencyMs(context.scores.get(candidate.target), priorMs) +
      proximity(context.regions, context.callerRegion, candidate.region) * context.proximityPenaltyMs,
  }));
  keyed.sort((a, b) => a.rankMs - b.rankMs || a.index - b.index);
  const order = keyed.map((entry) => entry.candidate);
  if (order.length < 2 || context.random() >= explorationShare) return { order, explored: null };
  const pick = 1 + Math.floor(context.random() * (order.length - 1));
  const explored = order[pick];
  if (!explored) return { order, explored: null };
  return { order: [explored, ...order.filter((_, index) => index !== pick)], explored: explored.target };
}
