import { describe, expect, it } from "vitest";
import type { LimitState } from "./contract";
import { openAIDuration, rateLimitHeaders } from "./rate-limit-headers";

const states: LimitState[] = [
  { scope: "tenant", kind: "requests", quota: 600, remaining: 550, resetSeconds: 60 },
  { scope: "key", kind: "requests", quota: 10, remaining: 3, resetSeconds: 42 },
  { scope: "tenant", kind: "tokens", quota: 100_000, remaining: 90_000, resetSeconds: 60 },
  { scope: "key", kind: "concurrency", quota: 4, remaining: 3, resetSeconds: 0 },
  { scope: "tenant", kind: "spend_day", quota: 50, remaining: 12.5, resetSeconds: 3600 },
];

describe("rateLimitHeaders", () => {
  it("writes the IETF policy and state for each windowed limit", () => {
    const headers = rateLimitHeaders(states);
    expect(headers["ratelimit-policy"]).toBe(
      '"tenant-requests";q=600;w=60, "key-requests";q=10;w=60, "tenant-tokens";q=100000;w=60;qu="tokens", "key-concurrency";q=4;qu="concurrent-requests"',
    );
    expect(headers.ratelimit).toBe('"tenant-requests";r=550;t=60, "key-requests";r=3;t=42, "tenant-tokens";r=90000;t=60, "key-concurrency";r=3;t=0');
  });

  it("reports the tightest subject in OpenAI's headers", () => {
    const headers = rateLimitHeaders(states);
    expect(headers["x-ratelimit-limit-requests"]).toBe("10");
    expect(headers["x-ratelimit-remaining-requests"]).toBe("3");
    expect(headers["x-ratelimit-reset-requests"]).toBe("42s");
    expect(headers["x-ratelimit-remaining-tokens"]).toBe("90000");
  });

  it("reports budgets in their own header and writes nothing without limits", () => {
    expect(rateLimitHeaders(states)["x-switchboard-budget"]).toBe('"tenant-spend-day";q=50;r=12.5;t=3600');
    expect(rateLimitHeaders([])).toEqual({});
  });

  it("formats durations as OpenAI does", () => {
    expect(openAIDuration(0)).toBe("0s");
    expect(openAIDuration(90)).toBe("1m30s");
    expect(openAIDuration(7205)).toBe("2h0m5s");
  });
});
