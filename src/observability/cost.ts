import type { Pricing } from "../config/schema";
import type { TokenUsage } from "../schemas/usage";

/**
 * What a request cost, from its normalized usage and the serving target's prices per million
 * tokens. Null when the target has no price or the provider reported no usage.
 */
export function requestCost(usage: TokenUsage | null, pricing: Pricing | null): number | null {
  if (!usage || !pricing) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cachedRate = pricing.cachedInputPerMillion ?? pricing.inputPerMillion;
  const micro =
    (usage.inputTokens - cached) * pricing.inputPerMillion + cached * cachedRate + usage.outputTokens * pricing.outputPerMillion;
  return micro / 1_000_000;
}

/** Cost as a header or log value: enough digits for fractions of a cent, no float noise. */
export function formatCost(cost: number): string {
  return Number(cost.toPrecision(6)).toString();
}
