import { describe, expect, it } from "vitest";
import { applySample, expectedLatencyMs, recentP95, recentWindow, type TargetScore } from "./target-score";

const ok = (firstByteMs: number, totalMs: number | null = null) => ({ target: "t", ok: true as const, firstByteMs, totalMs });
const failure = { target: "t", ok: false as const };

function fold(samples: Parameters<typeof applySample>[1][]): TargetScore | undefined {
  let score: TargetScore | undefined;
  for (const sample of samples) score = applySample(score, sample, 0);
  return score;
}

describe("applySample", () => {
  it("starts at the first sample and moves a weighted step toward each next one", () => {
    const score = fold([ok(100, 400), ok(200)]);
    expect(score?.firstByteMs).toBeCloseTo(130);
    expect(score?.totalMs).toBe(400);
    expect(score?.samples).toBe(2);
    expect(score?.errorRate).toBe(0);
  });

  it("raises the error rate on failures without touching the latency, and lowers it on successes", () => {
    const failing = fold([ok(100), failure, failure]);
    expect(failing?.firstByteMs).toBe(100);
    expect(failing?.errorRate).toBeCloseTo(0.36);
    const recovering = applySample(failing, ok(100), 0);
    expect(recovering.errorRate).toBeLessThan(failing?.errorRate ?? 0);
  });

  it("keeps a bounded window of recent first-byte times for the 95th percentile", () => {
    const score = fold(Array.from({ length: 100 }, (_, i) => ok(i + 1)));
    expect(score?.recentFirstByteMs).toHaveLength(recentWindow);
    expect(score && recentP95(score)).toBe(99);
    expect(recentP95(fold([failure]) as TargetScore)).toBeNull();
  });
});

describe("expectedLatencyMs", () => {
  it("is the mean first-byte time stretched by the error rate, and the prior when nothing is known", () => {
    expect(expectedLatencyMs(undefined, 42)).toBe(42);
    expect(expectedLatencyMs(fold([ok(100)]), 0)).toBe(100);
    const half = { ...(fold([ok(100)]) as TargetScore), errorRate: 0.5 };
    expect(expectedLatencyMs(half, 0)).toBe(200);
    expect(expectedLatencyMs(fold([failure]), 80)).toBeCloseTo(1600);
  });
});
