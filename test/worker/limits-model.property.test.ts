import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admit } from "../../src/limits/admission";
import { type SubjectLimits, windowMs } from "../../src/limits/contract";
import { Ledger } from "../../src/limits/ledger";

interface Event {
  readonly at: number;
  readonly tokens: number;
  /** Settled this long after admission to this share of its reservation; never settled when null. */
  readonly settleAfterMs: number | null;
  readonly actualShare: number;
  /** The Worker gave up waiting and released the reservation at once. */
  readonly released: boolean;
}

interface Admitted {
  readonly at: number;
  tokens: number;
  settledAt: number | null;
  /** Open when the object restarted: not counted until its settlement brings it back. */
  lost: boolean;
}

/** The reference: a plain list of admitted requests, counted by brute force; every limit the request would break. */
function brokenLimits(all: readonly Admitted[], limits: SubjectLimits, event: Event): string[] {
  const admitted = all.filter((entry) => !entry.lost);
  const inWindow = admitted.filter((entry) => entry.at > event.at - windowMs);
  const tokens = inWindow.reduce((sum, entry) => sum + entry.tokens, 0);
  const open = admitted.filter((entry) => entry.settledAt === null || entry.settledAt > event.at).length;
  if (limits.tokensPerMinute !== undefined && event.tokens > limits.tokensPerMinute) return ["request_exceeds_limit"];
  const broken: string[] = [];
  if (limits.concurrentRequests !== undefined && open >= limits.concurrentRequests) broken.push("concurrency");
  if (limits.requestsPerMinute !== undefined && inWindow.length >= limits.requestsPerMinute) broken.push("requests");
  if (limits.tokensPerMinute !== undefined && tokens + event.tokens > limits.tokensPerMinute) broken.push("tokens");
  return broken;
}

// Whole seconds, so admissions exactly a window apart (the boundary) are common.
const eventArbitrary = fc.record({
  at: fc.integer({ min: 0, max: 240 }).map((seconds) => seconds * 1000),
  released: fc.integer({ min: 0, max: 6 }).map((roll) => roll === 0),
  tokens: fc.integer({ min: 1, max: 600 }),
  settleAfterMs: fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: null }),
  actualShare: fc.double({ min: 0, max: 1, noNaN: true }),
});

const limitsArbitrary = fc.record({
  requestsPerMinute: fc.integer({ min: 1, max: 12 }),
  tokensPerMinute: fc.integer({ min: 300, max: 3000 }),
  concurrentRequests: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
});

describe("the limiter against a brute-force model", () => {
  it("admits exactly what a sliding window, a token budget and a concurrency cap allow, with settlements and a restart in between", async () => {
    const namespace = env.RATE_LIMITER;
    if (!namespace) throw new Error("RATE_LIMITER is not bound");
    const stub = namespace.get(namespace.idFromName(`model-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      fc.assert(
        fc.property(limitsArbitrary, fc.array(eventArbitrary, { minLength: 1, maxLength: 60 }), fc.boolean(), (rawLimits, rawEvents, restartMidway) => {
          state.storage.sql.exec("DELETE FROM reservations");
          let ledger = new Ledger(state.storage.sql, 0);
          const limits: SubjectLimits = { subject: "tenant:m", scope: "tenant", ...rawLimits };
          const events = [...rawEvents].sort((a, b) => a.at - b.at);
          const admitted: Admitted[] = [];
          const pendingSettlements: Array<{ at: number; id: string; entry: Admitted; tokens: number }> = [];
          events.forEach((event, index) => {
            // A restarted object rebuilds what it stored (closed requests) and decides exactly as the
            // reference does when the requests open at that moment are forgotten until settled.
            if (restartMidway && index === Math.floor(events.length / 2)) {
              ledger = new Ledger(state.storage.sql, event.at);
              for (const entry of admitted) if (entry.settledAt === null || entry.settledAt >= event.at) entry.lost = true;
            }
            // Settlements due by now happen first, in time order, as they would have.
            pendingSettlements.sort((a, b) => a.at - b.at);
            while (pendingSettlements[0] && pendingSettlements[0].at <= event.at) {
              const due = pendingSettlements.shift() as (typeof pendingSettlements)[number];
              ledger.settle(due.id, due.tokens, 0, due.at, { at: due.entry.at, subjects: [limits.subject] });
              due.entry.tokens = due.tokens;
              due.entry.lost = false;
            }
            const broken = brokenLimits(admitted, limits, event);
            const result = admit(ledger, { reservationId: `r${index}`, tokens: event.tokens, cost: 0, ttlMs: 3_600_000, subjects: [limits] }, event.at);
            expect(result.admitted).toBe(broken.length === 0);
            if (!result.admitted) {
              const named = result.refusal.kind === "rate_limited" ? result.refusal.limit : result.refusal.kind;
              expect(broken).toContain(named);
            }
            if (!result.admitted && result.refusal.kind === "rate_limited" && !broken.includes("concurrency")) {
              // Waiting as told makes room under every windowed limit (settlements may make it sooner).
              const retryAt = event.at + result.refusal.retryAfterSeconds * 1000;
              expect(brokenLimits(admitted, limits, { ...event, at: retryAt })).toEqual([]);
              expect(brokenLimits(admitted, limits, { ...event, at: retryAt - 1000 }).length).toBeGreaterThan(0);
            }
            if (result.admitted && event.released) {
              ledger.release(`r${index}`);
              return;
            }
            if (result.admitted) {
              const settledAt = event.settleAfterMs === null ? null : event.at + event.settleAfterMs;
              const entry: Admitted = { at: event.at, tokens: event.tokens, settledAt, lost: false };
              admitted.push(entry);
              if (settledAt !== null) pendingSettlements.push({ at: settledAt, id: `r${index}`, entry, tokens: Math.floor(event.tokens * event.actualShare) });
            }
          });
        }),
        { numRuns: 150 },
      );
    });
  });

  it("counts an admission for exactly one window: out of it at 60 s, not a millisecond before", async () => {
    const namespace = env.RATE_LIMITER;
    if (!namespace) throw new Error("RATE_LIMITER is not bound");
    const stub = namespace.get(namespace.idFromName(`boundary-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const ledger = new Ledger(state.storage.sql, 0);
      const limits: SubjectLimits = { subject: "tenant:b", scope: "tenant", requestsPerMinute: 1 };
      const request = (id: string) => ({ reservationId: id, tokens: 1, cost: 0, ttlMs: 1000, subjects: [limits] });
      expect(admit(ledger, request("a"), 1000).admitted).toBe(true);
      const early = admit(ledger, request("b"), 1000 + windowMs - 1);
      expect(early.admitted === false && early.refusal).toMatchObject({ kind: "rate_limited", limit: "requests", retryAfterSeconds: 1 });
      expect(admit(ledger, request("c"), 1000 + windowMs).admitted).toBe(true);
    });
  });
});
