import type { Candidate, RuntimeConfig } from "../../config/runtime-config";

/** A target as the config routes to it: its candidate (the same in every model that lists it) and those models. */
export interface RoutedTarget {
  readonly candidate: Candidate;
  readonly models: readonly string[];
}

/**
 * Every target some public model routes to, by name. The compiled config keeps targets only through
 * the models that list them, so a target no model names is not served and not listed.
 */
export function routedTargets(config: RuntimeConfig): RoutedTarget[] {
  const byTarget = new Map<string, { candidate: Candidate; models: string[] }>();
  for (const route of config.models.values()) {
    for (const candidate of route.candidates) {
      const known = byTarget.get(candidate.target);
      if (known) known.models.push(route.name);
      else byTarget.set(candidate.target, { candidate, models: [route.name] });
    }
  }
  return [...byTarget.values()].sort((a, b) => a.candidate.target.localeCompare(b.candidate.target));
}
