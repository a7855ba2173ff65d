import { describe, expect, it } from "vitest";
import { fullJitterBackoff } from "./backoff";

describe("fullJitterBackoff", () => {
  it("waits a random share of the capped exponential step", () => {
    const retry = { maxAttempts: 5, budgetMs: 0, backoffBaseMs: 100, backoffCapMs: 1000 };
    expect(fullJitterBackoff(1, retry, () => 0.999)).toBe(99);
    expect(fullJitterBackoff(3, retry, () => 0.5)).toBe(200);
    expect(fullJitterBackoff(10, retry, () => 0.999)).toBe(999);
    expect(fullJitterBackoff(2, retry, () => 0)).toBe(0);
  });
});
