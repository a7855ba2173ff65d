import { env, exports } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { verifyChain } from "../../src/audit/chain";
import { auditRecordSchema } from "../../src/audit/record";
import type { WorkerEnv } from "../../src/env";
import { auditLog, heldEntries, readChainFromR2 } from "./audit-log-helpers";
import { gatewayOrigin, waitFor } from "./helpers";
import { limitedTenant } from "./limit-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

type Kind = "plain" | "failing" | "stream" | "abandoned-stream";
const kinds: readonly Kind[] = ["plain", "failing", "stream", "abandoned-stream"];

function chatRequest(key: string, requestId: string, kind: Kind): Request {
  const stream = kind === "stream" || kind === "abandoned-stream";
  const content = kind === "abandoned-stream" ? "[[sim chunk_delay_ms=50]] a long story" : `audited ${requestId}`;
  return new Request(`${gatewayOrigin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify({ model: kind === "failing" ? "always-failing" : "gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 20, stream }),
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

describe("the audit trail under load", () => {
  it("keeps every request exactly once, refusals, failures and abandoned streams included, through an outage of the log, and the chain verifies", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { tenantId, key } = await limitedTenant({ requestsPerMinute: 90 });
    const ids: string[] = [];
    const send = async (index: number, call: (request: Request) => Promise<Response>): Promise<number> => {
      const kind = kinds[index % kinds.length] as Kind;
      const requestId = `trail-${index}-${crypto.randomUUID().slice(0, 8)}`;
      ids.push(requestId);
      const response = await call(chatRequest(key, requestId, kind));
      await consume(response, kind);
      return response.status;
    };

    // Half the requests while the log is up, in parallel.
    const first = await Promise.all(Array.from({ length: 60 }, (_, index) => send(index, (request) => exports.default.fetch(request))));
    // Then the log is unreachable (the binding taken away): records must spill to R2, not vanish.
    const { AUDIT_LOG: _down, ...withoutLog } = env as WorkerEnv;
    const second = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        send(60 + index, async (request) => {
          const ctx = createExecutionContext();
          const response = await createApp().fetch(request, withoutLog, ctx);
          const status = response.status;
          await consume(response, kinds[(60 + index) % kinds.length] as Kind);
          await waitOnExecutionContext(ctx);
          return new Response(null, { status });
        }),
      ),
    );
    const statuses = [...first, ...second];
    expect(statuses.filter((status) => status === 429).length).toBe(30);
    expect(statuses).toContain(502);

    const log = auditLog(tenantId);
    await waitFor(async () => ((await log.head(tenantId, 0)).seq >= 60 ? true : undefined), 5000);
    await log.flush(tenantId, 0);
    const { entries, manifests } = await readChainFromR2(tenantId);
    const held = await heldEntries(log);
    const all = [...entries, ...held.map((entry) => ({ ...entry, object: "held" }))];

    const seen = all.map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)).requestId);
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    const head = await log.head(tenantId, 0);
    expect(verifyChain(all, { head, manifests, chain: { tenantId, shard: 0 } })).toEqual([]);

    const records = all.map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)));
    expect(records.filter((record) => record.error === "rate_limited" && record.limits?.outcome === "refused").length).toBe(30);
    expect(records.some((record) => record.status === 502 && record.route?.fallbackReasons.includes("upstream_failed"))).toBe(true);
    expect(records.some((record) => record.stream === "client_disconnected")).toBe(true);
  });
});
