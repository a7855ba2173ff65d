import { env, exports } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { parseBatchLine } from "../../src/audit/batch-object";
import { type ChainEntry, verifyChain } from "../../src/audit/chain";
import { auditRecordSchema } from "../../src/audit/record";
import type { WorkerEnv } from "../../src/env";
import { tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { auditLog, batchKeysOf, keysUnder, records, tamperWith } from "./audit-log-helpers";
import { callGateway, gatewayOrigin, mintKey, waitFor } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

interface Tenant {
  readonly tenantId: string;
  readonly app: string;
  readonly auditor: string;
}

/** A tenant whose KV policy spreads its trail over `shards` logs (none written for one), with an app and an auditor key. */
async function tenantWithShards(shards: number, tenantId = `shards-${crypto.randomUUID().slice(0, 8)}`): Promise<Tenant> {
  if (shards > 1) await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(tenantPolicySchema.parse({ audit: { shards } })));
  return { tenantId, app: await mintKey({ tenantId }), auditor: await mintKey({ tenantId, role: "auditor" }) };
}

function chatRequest(key: string, requestId: string): Request {
  return new Request(`${gatewayOrigin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: `audited ${requestId}` }], max_tokens: 5 }),
  });
}

/** Sends `count` requests in waves of `wave` at once (each wave makes one batch or a few); answers their request ids. */
async function traffic(tenant: Tenant, count: number, wave = 25, send = (request: Request) => exports.default.fetch(request)): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += wave) {
    const requestIds = Array.from({ length: Math.min(wave, count - start) }, () => `shards-${crypto.randomUUID()}`);
    await Promise.all(requestIds.map(async (requestId) => (await send(chatRequest(tenant.app, requestId))).text()));
    ids.push(...requestIds);
  }
  return ids;
}

/** The real app on an environment without the audit log's binding: every batch spills to its shard's prefix. */
async function withoutAuditLog(request: Request): Promise<Response> {
  const { AUDIT_LOG: _unreachable, ...rest } = env as WorkerEnv;
  const ctx = createExecutionContext();
  const response = await createApp().fetch(request, rest, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return new Response(body, { status: response.status });
}

/** Waits until the tenant's logs (shards 0 … n-1) have chained `count` records between them. */
async function chainedRecords(tenantId: string, shards: number, count: number): Promise<void> {
  await waitFor(async () => {
    const heads = await Promise.all(Array.from({ length: shards }, (_, shard) => auditLog(tenantId, shard).head(tenantId, shard)));
    return heads.reduce((sum, head) => sum + head.seq, 0) >= count ? true : undefined;
  }, 10_000);
}

function get(path: string, key: string): Promise<Response> {
  return callGateway(path, { headers: { authorization: `Bearer ${key}` } });
}

/** The export's lines, by shard, each chain's entries in the order they came. */
async function exportByShard(key: string, query = ""): Promise<Map<number, ChainEntry[]>> {
  const response = await get(`/v1/audit/export?format=jsonl${query}`, key);
  expect(response.status).toBe(200);
  const byShard = new Map<number, ChainEntry[]>();
  for (const [index, line] of (await response.text()).split("\n").filter((text) => text !== "").entries()) {
    const parsed = parseBatchLine(line, index + 1);
    if (!parsed.ok || parsed.shard === null) throw new Error(`line ${index + 1} is not an export line`);
    byShard.set(parsed.shard, [...(byShard.get(parsed.shard) ?? []), parsed.entry]);
  }
  return byShard;
}

/** The request ids of the chat requests among the entries (the trail also holds the export and verify requests themselves). */
const chatRequestIdsOf = (entries: Iterable<ChainEntry>) =>
  [...entries]
    .map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)))
    .filter((record) => record.path === "/v1/chat/completions")
    .map((record) => record.requestId);

interface Verification {
  ok: boolean;
  entries: number;
  chains: Array<{ shard: number; ok: boolean; entries: number; objects: number; firstSeq: number | null; head: { seq: number } | null; findings: Array<{ kind: string }> }>;
  findings: Array<{ kind: string; shard: number }>;
}

const verify = async (key: string, query = ""): Promise<Verification> => (await (await get(`/v1/audit/verify${query}`, key)).json()) as Verification;

describe("a tenant's trail sharded over several audit logs", () => {
  it("spreads batches over the shards, and exports and verifies every chain, each on its own", { timeout: 60_000 }, async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const tenant = await tenantWithShards(4);
    const direct = await traffic(tenant, 180);
    const spilled = await traffic(tenant, 20, 5, withoutAuditLog);
    await chainedRecords(tenant.tenantId, 4, direct.length);

    const byShard = await exportByShard(tenant.auditor);
    expect(byShard.size).toBeGreaterThan(1);
    const exported = chatRequestIdsOf([...byShard.values()].flat());
    expect(exported).toHaveLength(200);
    expect(new Set(exported)).toEqual(new Set([...direct, ...spilled]));
    for (const [shard, entries] of byShard) {
      expect(shard).toBeLessThan(4);
      expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, index) => index + 1));
      expect(verifyChain(entries)).toEqual([]);
    }

    const clean = await verify(tenant.auditor);
    expect(clean).toMatchObject({ ok: true, findings: [] });
    // The export's own record was chained after the export read the trail.
    expect(clean.entries).toBe(201);
    expect(clean.chains.map((chain) => chain.shard)).toEqual([0, 1, 2, 3]);
    for (const chain of clean.chains) {
      expect(chain).toMatchObject({ ok: true, findings: [] });
      expect(chain.entries).toBeGreaterThanOrEqual(byShard.get(chain.shard)?.length ?? 0);
      if (chain.entries > 0) expect(chain.head?.seq).toBe(chain.entries);
    }

    // Someone alters one record of one shard's first object: that chain, and only that one, fails.
    const [shard] = [...byShard.keys()];
    const [key] = await batchKeysOf(tenant.tenantId, shard);
    if (shard === undefined || !key) throw new Error("no batch object in R2");
    await tamperWith(key, (lines) => lines.map((line, index) => (index === 0 ? line.replace('"status":200', '"status":201') : line)));
    const altered = await verify(tenant.auditor);
    expect(altered.ok).toBe(false);
    expect(altered.findings.map((finding) => finding.kind)).toContain("altered");
    expect(new Set(altered.findings.map((finding) => finding.shard))).toEqual(new Set([shard]));
    for (const chain of altered.chains) expect(chain.ok).toBe(chain.shard !== shard);
  });

  it("keeps a tenant with one shard as it was: one chain, shard 0, in the tenant's own folder", async () => {
    const tenant = await tenantWithShards(1);
    const ids = await traffic(tenant, 10, 5);
    await chainedRecords(tenant.tenantId, 1, ids.length);
    const byShard = await exportByShard(tenant.auditor);
    expect([...byShard.keys()]).toEqual([0]);
    expect(new Set(chatRequestIdsOf(byShard.get(0) ?? []))).toEqual(new Set(ids));
    expect(await keysUnder(`audit/${tenant.tenantId}@`)).toEqual([]);
    expect((await batchKeysOf(tenant.tenantId)).length).toBeGreaterThan(0);
    // The export's own record is handed over after its answer: wait until the log holds it.
    await chainedRecords(tenant.tenantId, 1, ids.length + 1);
    const verification = await verify(tenant.auditor);
    // The chat requests and the export's own record.
    expect(verification).toMatchObject({ ok: true, entries: 11, chains: [{ shard: 0, ok: true, entries: 11, firstSeq: 1, lastSeq: 11 }] });
  });

  it("never reads the chains of tenants whose ids look like one of the tenant's shards", async () => {
    const base = `acme-${crypto.randomUUID().slice(0, 8)}`;
    const acme = await tenantWithShards(2, base);
    const lookalikes = [await tenantWithShards(1, `${base}@1`), await tenantWithShards(2, `${base}2`)];
    const ids = await traffic(acme, 20, 4);
    const others = await Promise.all(lookalikes.map((tenant) => traffic(tenant, 8, 4)));
    await chainedRecords(acme.tenantId, 2, ids.length);
    await Promise.all(lookalikes.map((tenant, index) => chainedRecords(tenant.tenantId, index === 0 ? 1 : 2, 8)));
    // Whichever shards the batches took, `acme2` has a shard-1 folder, `audit/acme2@1/`.
    const acme2 = `${base}2`;
    await auditLog(acme2, 1).append(acme2, 1, records("acme2-direct", 1));
    const admin = await mintKey({ role: "admin" });
    // Each lookalike's export writes its chains to R2 under a prefix that starts like acme's.
    for (const [index, tenant] of lookalikes.entries()) {
      const byShard = await exportByShard(admin, `&tenant=${encodeURIComponent(tenant.tenantId)}`);
      expect(new Set(chatRequestIdsOf([...byShard.values()].flat()))).toEqual(new Set(others[index]));
    }
    const folders = new Set((await keysUnder(`audit/${base}`)).map((key) => key.split("/")[1]));
    expect(folders).toContain(`${base}%401`);
    expect(folders).toContain(`${base}2@1`);

    const byShard = await exportByShard(acme.auditor);
    expect(new Set(chatRequestIdsOf([...byShard.values()].flat()))).toEqual(new Set(ids));
    // The export's own record is handed over after its answer: wait until a log holds it.
    await chainedRecords(acme.tenantId, 2, ids.length + 1);
    const verification = await verify(acme.auditor);
    expect(verification).toMatchObject({ ok: true, entries: ids.length + 1 });
    expect(verification.chains.map((chain) => chain.shard)).toEqual([0, 1]);
    const acmeObjects = (await batchKeysOf(acme.tenantId, 0)).length + (await batchKeysOf(acme.tenantId, 1)).length;
    expect(verification.chains.reduce((sum, chain) => sum + chain.objects, 0)).toBe(acmeObjects);
  });
});
