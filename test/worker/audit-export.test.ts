import { afterEach, describe, expect, it, vi } from "vitest";
import { parseBatchLine } from "../../src/audit/batch-object";
import { entryHash } from "../../src/audit/chain";
import { auditRecordSchema } from "../../src/audit/record";
import { auditLog, batchKeysOf, tamperWith } from "./audit-log-helpers";
import { callGateway, mintKey, postJson, readError, waitFor } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tenant with some traffic in its trail (flushed to R2 by the export itself), and its auditor's key. */
async function tenantWithTraffic(count: number): Promise<{ tenantId: string; auditor: string; requestIds: string[] }> {
  const tenantId = `export-${crypto.randomUUID().slice(0, 8)}`;
  const app = await mintKey({ tenantId });
  const requestIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const model = i % 3 === 2 ? "always-failing" : "gpt-4o-mini";
    const response = await postJson("/v1/chat/completions", app, { model, messages: [{ role: "user", content: `export ${i}, with "quotes", and commas` }], max_tokens: 5 });
    await response.text();
    requestIds.push(response.headers.get("x-request-id") as string);
  }
  await waitFor(async () => ((await auditLog(tenantId).head(tenantId, 0)).seq >= count ? true : undefined));
  return { tenantId, auditor: await mintKey({ tenantId, role: "auditor" }), requestIds };
}

function get(path: string, key: string): Promise<Response> {
  return callGateway(path, { headers: { authorization: `Bearer ${key}` } });
}

describe("GET /v1/audit/export", () => {
  it("streams the tenant's records as chain lines an auditor can check one by one", async () => {
    const { tenantId, auditor, requestIds } = await tenantWithTraffic(6);
    const response = await get("/v1/audit/export?format=jsonl", auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text()).split("\n").filter((line) => line !== "");
    const entries = lines.map((line, index) => {
      const parsed = parseBatchLine(line, index + 1);
      if (!parsed.ok) throw new Error(parsed.detail);
      // A tenant that was never sharded has one chain, shard 0.
      expect(parsed.shard).toBe(0);
      return parsed.entry;
    });
    expect(entries.map((entry) => auditRecordSchema.parse(JSON.parse(entry.record)).requestId)).toEqual(requestIds);
    for (const entry of entries) expect(entryHash(entry.seq, entry.prevHash, entry.record)).toBe(entry.hash);
    expect(entries.every((entry) => JSON.parse(entry.record).tenantId === tenantId)).toBe(true);
  });

  it("filters by status and writes CSV with one row per record", async () => {
    const { auditor } = await tenantWithTraffic(6);
    const response = await get("/v1/audit/export?format=csv&status=502", auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = (await response.text()).split("\r\n").filter((row) => row !== "");
    expect(rows[0]?.startsWith("shard,seq,hash,time,request_id,tenant_id,key_id,role")).toBe(true);
    expect(rows).toHaveLength(1 + 2);
    expect(rows.slice(1).every((row) => row.startsWith("0,") && row.includes(",502,upstream_failed,"))).toBe(true);
  });

  it("never lets one tenant's auditor read another's trail, nor an app key read any", async () => {
    const first = await tenantWithTraffic(1);
    const second = await tenantWithTraffic(1);
    const refused = await get(`/v1/audit/export?tenant=${second.tenantId}`, first.auditor);
    expect(refused.status).toBe(403);
    expect(await readError(refused)).toMatchObject({ error: { code: "audit_scope_refused", param: "tenant" } });
    const app = await mintKey({ tenantId: first.tenantId });
    expect((await get("/v1/audit/export", app)).status).toBe(403);
    expect((await get("/v1/audit/verify", app)).status).toBe(403);
    const admin = await mintKey({ role: "admin" });
    expect((await get("/v1/audit/export", admin)).status).toBe(400);
    const asAdmin = await get(`/v1/audit/export?tenant=${second.tenantId}`, admin);
    expect(asAdmin.status).toBe(200);
    expect((await asAdmin.text()).split("\n").filter((line) => line !== "")).toHaveLength(1);
  });

  it("answers a bad query with 400 in the OpenAI shape", async () => {
    const { auditor } = await tenantWithTraffic(1);
    const response = await get("/v1/audit/export?format=xml", auditor);
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ error: { type: "invalid_request_error", param: "format" } });
    expect((await get("/v1/audit/export?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", auditor)).status).toBe(400);
  });
});

describe("GET /v1/audit/verify", () => {
  it("finds nothing wrong in an untouched trail, then reports an altered record and a deleted one", async () => {
    const { tenantId, auditor } = await tenantWithTraffic(5);
    const clean = (await (await get("/v1/audit/verify", auditor)).json()) as { ok: boolean; entries: number; findings: unknown[]; chains: Array<{ head: { seq: number } | null }> };
    expect(clean).toMatchObject({ ok: true, entries: 5, findings: [], chains: [{ shard: 0, entries: 5, firstSeq: 1, lastSeq: 5, ok: true, findings: [] }] });
    expect(clean.chains[0]?.head?.seq).toBe(5);

    const [key] = await batchKeysOf(tenantId);
    if (!key) throw new Error("no batch in R2");
    await tamperWith(key, (lines) => lines.map((line, index) => (index === 1 ? line.replace('"status":200', '"status":201') : line)));
    const altered = (await (await get("/v1/audit/verify", auditor)).json()) as { ok: boolean; findings: Array<{ kind: string; seq?: number; shard: number }> };
    expect(altered.ok).toBe(false);
    expect(altered.findings.map((finding) => finding.kind)).toContain("altered");
    expect(altered.findings.every((finding) => finding.shard === 0)).toBe(true);

    await tamperWith(key, (lines) => lines.filter((_, index) => index !== 3));
    const deleted = (await (await get("/v1/audit/verify", auditor)).json()) as { ok: boolean; findings: Array<{ kind: string }> };
    expect(deleted.findings.map((finding) => finding.kind)).toContain("gap");
  });
});
