import { env } from "cloudflare:workers";
import { createExecutionContext, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { WorkerEnv } from "../../src/env";
import type { AdmitRequest } from "../../src/limits/contract";
import { tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { findTenantPolicy } from "../../src/state/tenant-policy-store";
import { Ledger } from "../../src/limits/ledger";
import { captureLogLines, gatewayOrigin, readError } from "./helpers";
import { limitedTenant, limiter } from "./limit-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

function admission(reservationId: string, overrides: Partial<AdmitRequest> = {}): AdmitRequest {
  return {
    reservationId,
    tokens: 100,
    cost: 0.5,
    ttlMs: 60_000,
    subjects: [{ subject: "tenant:t", scope: "tenant", concurrentRequests: 1, spendPerDay: 10 }],
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("reservations whose Worker never comes back", () => {
  it("expire by alarm at their reserved amounts and free their slot", async () => {
    const stub = limiter(`expiry-${crypto.randomUUID()}`);
    expect((await stub.admit(admission("r1", { ttlMs: 20 }))).admitted).toBe(true);
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())).not.toBeNull();
    const blocked = await stub.admit(admission("r2"));
    expect(blocked.admitted === false && blocked.refusal).toMatchObject({ kind: "rate_limited", limit: "concurrency" });

    // The alarm fires by itself once the reservation's time is up (run it now in case it has not yet).
    await sleep(30);
    await runDurableObjectAlarm(stub);
    const [expired] = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT id, state, tokens, cost FROM reservations").toArray());
    expect(expired).toEqual({ id: "r1", state: 2, tokens: 100, cost: 0.5 });
    expect((await stub.admit(admission("r3"))).admitted).toBe(true);
  });

  it("re-arms the alarm for the next open reservation, and a late settlement still corrects an expired one", async () => {
    const stub = limiter(`expiry-${crypto.randomUUID()}`);
    const subjects = [{ subject: "tenant:t", scope: "tenant" as const, spendPerDay: 10 }];
    await stub.admit(admission("short", { ttlMs: 10, subjects }));
    await stub.admit(admission("long", { ttlMs: 60_000, subjects }));
    await sleep(20);
    await runDurableObjectAlarm(stub);
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 50_000);

    const settlement = { reservationId: "short", admittedAt: Date.now(), subjects: ["tenant:t"] };
    await stub.settleMany([{ ...settlement, tokens: 40, cost: 0.1 }]);
    await stub.settleMany([{ ...settlement, tokens: 999, cost: 9 }]);
    const rows = await runInDurableObject(stub, (_instance, state) => ({
      short: state.storage.sql.exec("SELECT state, tokens, cost FROM reservations WHERE id = 'short'").one(),
      stored: state.storage.sql.exec<{ amount: number }>("SELECT amount FROM spend WHERE period LIKE 'day:%'").one().amount,
    }));
    expect(rows.short).toEqual({ state: 1, tokens: 40, cost: 0.1 });
    // Storage holds closed requests' spend only; the open one's reservation (0.5) counts in memory.
    expect(rows.stored).toBeCloseTo(0.1, 10);
    const state = await stub.admit(admission("probe", { cost: 0, subjects }));
    expect(state.states.find((limit) => limit.kind === "spend_day")?.remaining).toBeCloseTo(10 - 0.6, 10);
  });

  it("undoes a released reservation entirely", async () => {
    const stub = limiter(`release-${crypto.randomUUID()}`);
    const subjects = [{ subject: "tenant:t", scope: "tenant" as const, requestsPerMinute: 5, concurrentRequests: 1, spendPerDay: 10 }];
    await stub.admit(admission("gone", { subjects }));
    await stub.release("gone");
    const next = await stub.admit(admission("next", { cost: 0, subjects }));
    expect(next.admitted).toBe(true);
    expect(next.states.map((limit) => [limit.kind, limit.remaining])).toEqual([
      ["requests", 4],
      ["concurrency", 0],
      ["spend_day", 10],
    ]);
    const stored = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM reservations").one().n);
    expect(stored).toBe(0);
  });
});

/** The real app, with the limiter binding taken away: a deployment whose limiter cannot be reached. */
async function callWithoutLimiter(key: string): Promise<Response> {
  const { RATE_LIMITER: _unreachable, ...rest } = env as WorkerEnv;
  const ctx = createExecutionContext();
  const request = new Request(`${gatewayOrigin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 10 }),
  });
  const response = await createApp().fetch(request, rest, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("when the limiter cannot be reached", () => {
  it("refuses with 503 for a tenant that fails closed (the default)", async () => {
    const { key } = await limitedTenant({ requestsPerMinute: 100 });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await callWithoutLimiter(key);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await readError(response)).toMatchObject({ error: { type: "api_error", code: "limiter_unavailable" } });
  });

  it("admits and flags it for a tenant that fails open", async () => {
    const { key, tenantId } = await limitedTenant({ requestsPerMinute: 100 }, { failMode: "open" });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const lines = captureLogLines();
    const response = await callWithoutLimiter(key);
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBeNull();
    expect(lines().find((line) => line.tenantId === tenantId)?.limits).toEqual({ outcome: "unavailable", limiter: `tenant:${tenantId}` });
    const logged = errors.mock.calls.map((args) => String(args[0])).find((line) => line.includes("limiter_unreachable"));
    expect(logged).toContain('"failMode":"open"');
  });

  it("calls nothing and needs nothing for a tenant without limits", async () => {
    const { key } = await limitedTenant({});
    expect((await callWithoutLimiter(key)).status).toBe(200);
  });
});

describe("tenant policies in KV", () => {
  it("take effect within the isolate cache's lifetime, and a record that does not validate never lifts the config's limits", async () => {
    const tenantId = `cache-${crypto.randomUUID()}`;
    const configured = new Map([[tenantId, tenantPolicySchema.parse({ failMode: "closed", limits: { requestsPerMinute: 1 } })]]);
    expect((await findTenantPolicy(env.KEYS, tenantId, configured, 100))?.limits).toEqual({ requestsPerMinute: 1 });
    await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify({ limits: { requestsPerMinute: 50 } }));
    expect((await findTenantPolicy(env.KEYS, tenantId, configured, 100))?.limits).toEqual({ requestsPerMinute: 1 });
    await sleep(120);
    expect((await findTenantPolicy(env.KEYS, tenantId, configured, 100))?.limits).toEqual({ requestsPerMinute: 50 });

    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify({ limits: { requestsPerMinute: -5 } }));
    await sleep(120);
    expect((await findTenantPolicy(env.KEYS, tenantId, configured, 100))?.limits).toEqual({ requestsPerMinute: 1 });
  });
});

describe("the limiter's storage", () => {
  it("keeps closed requests across a restart, counts a lost open one once it is settled, and prunes what left the window", async () => {
    const stub = limiter(`restart-${crypto.randomUUID()}`);
    await runInDurableObject(stub, (_instance, state) => {
      const subjects = ["tenant:p"];
      const start = Date.UTC(2026, 10, 29, 12);
      const first = new Ledger(state.storage.sql, start);
      first.reserve("running", subjects, start, start + 3_600_000, 10, 0.25);
      first.reserve("done", subjects, start, start + 3_600_000, 10, 0.25);
      first.settle("done", 4, 0.1, start);
      expect(first.usage("tenant:p", start)).toEqual({ requests: 2, tokens: 14, newestAt: start, open: 1 });

      // A restart loses the open reservation (admissions are never written), keeps the closed one.
      const restarted = new Ledger(state.storage.sql, start + 1000);
      expect(restarted.usage("tenant:p", start + 1000)).toEqual({ requests: 1, tokens: 4, newestAt: start, open: 0 });
      expect(restarted.spent("tenant:p", "day", start + 1000)).toBeCloseTo(0.1, 10);

      // Its settlement carries the admission, so it is counted then, once.
      expect(restarted.settle("running", 5, 0.05, start + 2000, { at: start, subjects })).toBe(true);
      expect(restarted.settle("running", 5, 0.05, start + 2000, { at: start, subjects })).toBe(false);
      expect(restarted.settle("done", 4, 0.1, start + 2000, { at: start, subjects })).toBe(false);
      expect(restarted.usage("tenant:p", start + 2000)).toEqual({ requests: 2, tokens: 9, newestAt: start, open: 0 });
      expect(restarted.spent("tenant:p", "day", start + 2000)).toBeCloseTo(0.15, 10);

      restarted.prune(start + 61_000);
      expect(state.storage.sql.exec("SELECT id FROM reservations").toArray()).toEqual([]);
      expect(restarted.usage("tenant:p", start + 61_000).requests).toBe(0);
      expect(restarted.spent("tenant:p", "day", start + 61_000)).toBeCloseTo(0.15, 10);
    });
  });
});
