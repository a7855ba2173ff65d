import type { Candidate, ModelRoute } from "../config/runtime-config";

/**
 * The order in which a request tries its candidates. `ordered` keeps the configured list. `weighted`
 * draws an order at random in which each target comes first with probability proportional to its
 * weight (Efraimidis–Spirakis: sort by `u^(1/w)`), so traffic splits by weight and every other target
 * still serves as fail-over; a weight of 0 puts a target last, for fail-over only.
 */
export function rankCandidates(route: ModelRoute, candidates: readonly Candidate[], random: () => number = Math.random): readonly Candidate[] {
  switch (route.strategy) {
    case "ordered":
      return candidates;
    case "weighted": {
      const keyed = candidates.map((candidate, index) => {
        const weight = route.weights.get(candidate.target) ?? 1;
        return { candidate, index, key: weight > 0 ? random() ** (1 / weight) : -1 };
      });
      keyed.sort((a, b) => b.key - a.key || a.index - b.index);
      return keyed.map((entry) => entry.candidate);
    }
  }
}
