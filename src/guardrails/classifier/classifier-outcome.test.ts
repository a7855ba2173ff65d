import { describe, expect, it } from "vitest";
import type { ClassifierCall } from "./call-classifier";
import { classifierOutcome } from "./classifier-outcome";
import { classifierSettingsSchema } from "./settings";

const settings = (overrides: Record<string, unknown> = {}) => classifierSettingsSchema.parse({ model: "injection-classifier", ...overrides });
const scored = (score: number): ClassifierCall => ({ ok: true, answer: { injection: score >= 0.5, score } });
const failed: ClassifierCall = { ok: false, error: "timed out after 1500 ms" };

describe("classifierOutcome", () => {
  it("allows a score under the threshold", () => {
    expect(classifierOutcome(scored(0.02), settings({ mode: "block" }), 0)).toEqual({
      verdict: { guardrail: "input.classifier", verdict: "allowed", detail: "model injection-classifier: score 0.02 < 0.8" },
      blocked: null,
    });
  });

  it("flags a score at the threshold in flag mode, the default", () => {
    const outcome = classifierOutcome(scored(0.8), settings(), 2);
    expect(outcome).toEqual({
      verdict: { guardrail: "input.classifier", verdict: "flagged", detail: "model injection-classifier: score 0.8 ≥ 0.8" },
      blocked: null,
    });
  });

  it("blocks in block mode with a finding on the last inspected message", () => {
    const outcome = classifierOutcome(scored(0.97), settings({ mode: "block", threshold: 0.9 }), 3);
    expect(outcome.verdict).toEqual({ guardrail: "input.classifier", verdict: "blocked", detail: "model injection-classifier: score 0.97 ≥ 0.9" });
    expect(outcome.blocked).toEqual({ rule: "classifier", severity: "high", messageIndex: 3, detail: "model-based classifier score 0.97 ≥ 0.9" });
  });

  it("fails open by default, flagging the request as unclassified", () => {
    expect(classifierOutcome(failed, settings({ mode: "block" }), 0)).toEqual({
      verdict: {
        guardrail: "input.classifier",
        verdict: "flagged",
        detail: "model injection-classifier: error (timed out after 1500 ms); served unclassified (onError allow)",
      },
      blocked: null,
    });
  });

  it("fails closed with onError block, whatever the mode, without naming the error to the client", () => {
    const outcome = classifierOutcome(failed, settings({ onError: "block" }), 1);
    expect(outcome.verdict.verdict).toBe("blocked");
    expect(outcome.verdict.detail).toContain("timed out after 1500 ms");
    expect(outcome.blocked?.detail).not.toContain("timed out");
    expect(outcome.blocked).toMatchObject({ severity: "high", messageIndex: 1 });
  });
});

describe("classifierSettingsSchema", () => {
  it("fills in the defaults around the model", () => {
    expect(settings()).toEqual({ model: "injection-classifier", mode: "flag", threshold: 0.8, timeoutMs: 1500, onError: "allow", maxChars: 8000 });
  });

  it.each([
    [{}],
    [{ model: "" }],
    [{ model: "m", mode: "off" }],
    [{ model: "m", threshold: 1.2 }],
    [{ model: "m", timeoutMs: 60_000 }],
    [{ model: "m", onError: "retry" }],
    [{ model: "m", maxChars: 10 }],
    [{ model: "m", extra: true }],
  ])("refuses %j", (value) => {
    expect(classifierSettingsSchema.safeParse(value).success).toBe(false);
  });
});
