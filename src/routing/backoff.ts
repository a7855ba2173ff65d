import type { RetrySettings } from "../config/routing-schema";

/** "Full jitter": a uniformly random wait up to the capped exponential step, so retries spread out. */
export function fullJitterBackoff(pass: number, retry: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.backoffCapMs, retry.backoffBaseMs * 2 ** (pass - 1));
  return Math.floor(random() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
