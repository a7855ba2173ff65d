import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { auditRecordSchema, gatewayAuditTenant } from "../../src/audit/record";
import type { WorkerEnv } from "../../src/env";
import { gatewayOrigin, mintKey } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The real app on an environment without the audit log's binding: the object cannot be reached. */
async function callWithoutAuditLog(init: RequestInit, path = "/v1/chat/completions", bindings: Partial<WorkerEnv> = {}): Promise<Response> {
  const { AUDIT_LOG: _unreachable, ...rest } = env as WorkerEnv;
  const ctx = createExecutionContext();
  const response = await createApp().fetch(new Request(`${gatewayOrigin}${path}`, init), { ...rest, ...bindings }, ctx);
  await response.text();
  await waitOnExecutionContext(ctx);
  return response;
}

async function spilled(tenantId: string): Promise<unknown[]> {
  const bucket = (env as WorkerEnv).AUDIT_BUCKET;
  if (!bucket) throw new Error("AUDIT_BUCKET is not bound");
  const listing = await bucket.list({ prefix: `audit-spill/${encodeURIComponent(tenantId)}/` });
  return Promise.all(listing.objects.map(async (object) => (await bucket.get(object.key))?.json()));
}

describe("handing records over when the audit log cannot be reached", () => {
  it("writes each record alone to R2 under the tenant's spill prefix, complete and valid", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const tenantId = `spill/${crypto.randomUUID()}`;
    const key = await mintKey({ tenantId });
    const response = await callWithoutAuditLog({
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "cf-connecting-ip": "203.0.113.7" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "audit me" }], max_tokens: 10 }),
    });
    expect(response.status).toBe(200);
    const [record] = await spilled(tenantId);
    const parsed = auditRecordSchema.parse(record);
    expect(parsed).toMatchObject({
      requestId: response.headers.get("x-request-id"),
      tenantId,
      role: "app",
      client: { ip: "203.0.113.7" },
      model: "gpt-4o-mini",
      status: 200,
      error: null,
      route: { target: "mini-us", provider: "sim-us", attempts: [{ target: "mini-us", outcome: "ok", status: 200 }] },
    });
    expect(parsed.usage?.inputTokens).toBeGreaterThan(0);
    expect(JSON.stringify(record)).not.toContain(key);
    // A tenant id with a slash is encoded, so it can never fall under another tenant's prefix.
    expect(await spilled(tenantId.split("/")[0] as string)).toEqual([]);
  });

  it("keeps requests refused before any tenant in the gateway's own trail", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const before = (await spilled(gatewayAuditTenant)).length;
    const response = await callWithoutAuditLog({ method: "POST", headers: { authorization: "Bearer sk-sb-not-a-key" }, body: "{}" });
    expect(response.status).toBe(401);
    const records = (await spilled(gatewayAuditTenant)).map((record) => auditRecordSchema.parse(record));
    expect(records.length).toBe(before + 1);
    expect(records.find((record) => record.requestId === response.headers.get("x-request-id"))).toMatchObject({ tenantId: null, status: 401, error: "unauthenticated" });
  });

  it("logs a record as lost, by request id, only when R2 fails too", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await callWithoutAuditLog({ method: "GET", headers: {} }, "/v1/models", { AUDIT_BUCKET: undefined });
    expect(response.status).toBe(401);
    const lost = errors.mock.calls.map((args) => String(args[0])).find((line) => line.includes("audit_record_lost"));
    expect(lost).toContain(response.headers.get("x-request-id") as string);
  });
});
