import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { verifyChain } from "../../src/audit/chain";
import { auditRecordSchema } from "../../src/audit/record";
import type { WorkerEnv } from "../../src/env";
import { auditLog, heldEntries, readChainFromR2, spillKeysOf } from "./audit-log-helpers";
import { gatewayOrigin } from "./helpers";
import { limitedTenant } from "./limit-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

type Kind = "plain" | "failing" | "stream" | "abandoned-stream" | "invalid";
const kinds: readonly Kind[] = ["plain", "failing", "stream", "abandoned-stream", "invalid"];

/** Requests in the run, how many run at once, and the part of the run during which the tenant's log is unreachable. */
const total = 2000;
const concurrency = 100;
const outage = { from: 700, to: 1300 };
/** The tenant's limit refuses every request past this many in the minute. */
const admittedPerMinute = 1500;

function chatRequest(key: string, requestId: string, kind: Kind): Request {
  const stream = kind === "stream" || kind === "abandoned-stream";
  const content = kind === "abandoned-stream" ? "[[sim chunk_delay_ms=50]] a long story" : `audited ${requestId}`;
  return new Request(`${gatewayOrigin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify({
      model: kind === "failing" ? "always-failing" : "gpt-4o-mini",
      messages: kind === "invalid" ? "not a list" : [{ role: "user", content }],
      max_tokens: 20,
      stream,
    }),
  });
}

async function consume(response: Response, kind: Kind): Promise<void> {
  if (kind !== "abandoned-stream" || !response.body) {
    await response.text();
    return;
  }
  const reader = response.body.getReader();
  await reader.read();
  await reader.cancel();
}

/** Asks the log to merge its spills and write what it holds until nothing is left to do. */
async function settleLog(log: ReturnType<typeof auditLog>, tenantId: string): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const result = await log.flush(tenantId, 0);
    if (result.merged === 0 && result.unflushed === 0 && result.spillScan === "done") return;
  }
  throw new Error("the log does not settle");
}

describe("the audit trail under load", () => {
  it("keeps every one of thousands of requests exactly once, refusals, failures and abandoned streams included, through an outage of the log mid-run, and the chain verifies", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const { tenantId, key } = await limitedTenant({ requestsPerMinute: admittedPerMinute });
    const ids: string[] = [];
    // While the log is down (its binding taken away) records must spill to R2, not vanish.
    const { AUDIT_LOG: _down, ...withoutLog } = env as WorkerEnv;
    const send = async (index: number): Promise<number> => {
      const kind = kinds[index % kinds.length] as Kind;
      const requestId = `trail-${index}-${crypto.randomUUID().slice(0, 8)}`;
      ids.push(requestId);
      const down = index >= outage.from && index < outage.to;
      const ctx = createExecutionContext();
      const response = await createApp().fetch(chatRequest(key, requestId, kind), down ? withoutLog : env, ctx);
      await consume(response, kind);
      await waitOnExecutionContext(ctx);
      return response.status;
    };

    const statuses: number[] = [];
    for (let wave = 0; wave < total; wave += concurrency) {
      statuses.push(...(await Promise.all(Array.from({ length: concurrency }, (_, offset) => send(wave + offset)))));
    }
    const validRequests = total - total / kinds.length;
    expect(statuses.filter((status) => status === 429).length).toBe(validRequests - admittedPerMinute);
    expect(statuses.filter((status) => status === 400).length).toBe(total / kinds.length);
    expect(statuses).toContain(502);

    // The outage's records are in R2 as spills (alarms list spills at most once a minute); the log merges them.
    expect((await spillKeysOf(tenantId)).length).toBeGreaterThan(0);
    const log = auditLog(tenantId);
    await settleLog(log, tenantId);
    expect(await spillKeysOf(tenantId)).toEqual([]);
    const { entries, manifests } = await readChainFromR2(tenantId);
    const held = await heldEntries(log);
    const all = [...entries, ...held.map((entry) => ({ ...entry, object: "held" }))];

    const seen = all.map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)).requestId);
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    const head = await log.head(tenantId, 0);
    expect(verifyChain(all, { head, manifests, chain: { tenantId, shard: 0 } })).toEqual([]);

    const records = all.map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)));
    expect(records.filter((record) => record.error === "rate_limited" && record.limits?.outcome === "refused").length).toBe(validRequests - admittedPerMinute);
    expect(records.some((record) => record.status === 502 && record.route?.fallbackReasons.includes("upstream_failed"))).toBe(true);
    expect(records.some((record) => record.stream === "client_disconnected")).toBe(true);
    expect(records.filter((record) => record.status === 400).length).toBe(total / kinds.length);
  }, 180_000);
});
