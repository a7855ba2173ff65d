import { describe, expect, it } from "vitest";
import { formatCost, requestCost } from "./cost";

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
  cachedInputTokens,
});

describe("requestCost", () => {
  it("prices input and output per million tokens", () => {
    expect(requestCost(usage(1_000_000, 500_000), { inputPerMillion: 2.5, outputPerMillion: 10 })).toBeCloseTo(7.5, 12);
  });

  it("bills cached input at its own rate, or at the input rate when none is set", () => {
    const withCacheRate = { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 };
    expect(requestCost(usage(1_000_000, 0, 400_000), withCacheRate)).toBeCloseTo(0.6 * 2 + 0.4 * 0.5, 12);
    expect(requestCost(usage(1_000_000, 0, 400_000), { inputPerMillion: 2, outputPerMillion: 8 })).toBeCloseTo(2, 12);
  });

  it("is null without usage or prices", () => {
    expect(requestCost(null, { inputPerMillion: 1, outputPerMillion: 1 })).toBeNull();
    expect(requestCost(usage(10, 10), null)).toBeNull();
  });

  it("formats without float noise", () => {
    expect(formatCost(0.1 + 0.2)).toBe("0.3");
    expect(formatCost(0.0000123456789)).toBe("0.0000123457");
  });
});
