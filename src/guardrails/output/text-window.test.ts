import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactText } from "../../audit/redact";
import { defaultWindowChars, RedactionWindow } from "./text-window";
import { splitAt, textWithValues } from "./test-values";

/** Runs `pieces` through a window; returns the released text, its counts, and the most it ever held. */
function throughWindow(pieces: readonly string[], windowChars?: number) {
  const window = new RedactionWindow(windowChars);
  let released = "";
  let mostHeld = 0;
  for (const piece of pieces) {
    released += window.push(piece);
    mostHeld = Math.max(mostHeld, window.heldChars);
  }
  released += window.finish();
  return { released, counts: window.counts, mostHeld, heldAfterFinish: window.heldChars };
}

describe("RedactionWindow", () => {
  it("releases exactly what redactText gives the whole text, for every split (values shorter than half the window)", () => {
    fc.assert(
      fc.property(textWithValues, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 160, max: 400 }), (text, cuts, windowChars) => {
        const { released, counts, mostHeld } = throughWindow(splitAt(text, cuts), windowChars);
        const whole = redactText(text);
        expect(released).toBe(whole.text);
        expect(counts).toEqual(whole.counts);
        expect(mostHeld).toBeLessThanOrEqual(windowChars);
      }),
      { numRuns: 300 },
    );
  });

  it("is exact with the default window, fed one character at a time", () => {
    fc.assert(
      fc.property(textWithValues, (text) => {
        expect(throughWindow([...text]).released).toBe(redactText(text).text);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ["email", "write to jane.doe@example.com today"],
    ["card", "card 4111 1111 1111 1111 expires"],
    ["contiguous card", "card 4111111111111111 expires"],
    ["api key", "use sk-proj-A1bcdefghijklmnopqrstuvwxyz0123456789 here"],
    ["jwt", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end"],
    ["phone", "call +44 20 7946 0958 now"],
    ["iban", "pay GB82 WEST 1234 5698 7654 32 please"],
    ["credential", "password: 'p@ss w0rd' ok"],
  ])("catches a %s split at every position, the window cutting near it", (_kind, sample) => {
    // Filler on both sides, longer than the window, so that cuts are sought while the value arrives.
    const filler = "some words to fill the window, ".repeat(5);
    const text = filler + sample + filler;
    const whole = redactText(text);
    expect(whole.text).not.toBe(text);
    for (let at = 0; at <= text.length; at++) {
      // A window whose half (64) is just above the longest sample, the key.
      expect(throughWindow([text.slice(0, at), text.slice(at)], 128).released).toBe(whole.text);
      expect(throughWindow([...text.slice(0, at)].concat(text.slice(at)), 128).released).toBe(whole.text);
    }
  });

  it("holds back nothing more than the window and releases text as it goes", () => {
    const window = new RedactionWindow(64);
    let released = "";
    for (let i = 0; i < 200; i++) {
      released += window.push("lorem ipsum ");
      expect(window.heldChars).toBeLessThanOrEqual(64);
    }
    expect(released.length).toBeGreaterThanOrEqual(200 * 12 - 64);
    expect(released + window.finish()).toBe("lorem ipsum ".repeat(200));
  });

  it("masks a PEM block of a 2048-bit key (about 1,700 characters) when half the window holds it", () => {
    const body = Array.from({ length: 26 }, (_, i) => `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${i}`.padEnd(64, "A")).join("\n");
    const text = `here:\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\ndone ${"and more words ".repeat(300)}`;
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    const { released, counts } = throughWindow(pieces, 4096);
    expect(released).toBe(`here:\n[REDACTED:private_key]\ndone ${"and more words ".repeat(300)}`);
    expect(counts).toEqual({ private_key: 1 });
  });

  it("cuts a value longer than half the window only as a last resort, and stays within the window", () => {
    const key = `sk-proj-A1${"x".repeat(200)}`;
    const { released, mostHeld } = throughWindow([...`key ${key} end`], 64);
    expect(mostHeld).toBeLessThanOrEqual(64);
    expect(released.startsWith("key [REDACTED:api_key]")).toBe(true);
  });

  it("never parts the two halves of a character outside the Basic Multilingual Plane", () => {
    const window = new RedactionWindow(16);
    for (const piece of "🙂".repeat(200).match(/[\s\S]{1,3}/g) ?? []) {
      const released = window.push(piece);
      expect(released).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it("releases everything at finish, and an empty text as empty", () => {
    expect(throughWindow(["a@b.co"]).released).toBe("[REDACTED:email]");
    expect(throughWindow([]).released).toBe("");
    expect(throughWindow(["", ""]).heldAfterFinish).toBe(0);
  });

  it("rejects a window too small to hold anything", () => {
    expect(() => new RedactionWindow(1)).toThrow(RangeError);
    expect(() => new RedactionWindow(2.5)).toThrow(RangeError);
    expect(new RedactionWindow().windowChars).toBe(defaultWindowChars);
  });
});
