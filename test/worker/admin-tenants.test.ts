import { beforeAll, describe, expect, it } from "vitest";
import { adminCall, bootstrapKey, captureConsoleText, createKeyVia, jsonLines, uniqueTenant } from "./admin-helpers";
import { auditLog, heldEntries } from "./audit-log-helpers";
import { readError, waitFor } from "./helpers";

let adminKey: string;
let adminTenant: string;
let captured: () => string[];

interface PolicyAnswer {
  object: string;
  tenantId: string;
  policy: Record<string, unknown> | null;
  version: string;
}

beforeAll(async () => {
  // Keeps the admin_change lines off the console; one test reads them.
  captured = captureConsoleText();
  adminTenant = uniqueTenant("ops");
  adminKey = (await createKeyVia(bootstrapKey, { tenantId: adminTenant, role: "admin" })).key;
});

const policyPath = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/policy`;

async function getPolicy(tenantId: string): Promise<PolicyAnswer> {
  const response = await adminCall("GET", policyPath(tenantId), adminKey);
  expect(response.status).toBe(200);
  expect(response.headers.get("etag")).toMatch(/^"(kv|config):[0-9a-f]{16}"$|^"none"$/);
  return (await response.json()) as PolicyAnswer;
}

describe("tenant policies", () => {
  it("stores a validated policy with its defaults and answers it with its version", async () => {
    const tenantId = uniqueTenant("acme");
    const put = await adminCall("PUT", policyPath(tenantId), adminKey, { limits: { requestsPerMinute: 600, spendPerDay: 50 } });
    expect(put.status).toBe(200);
    const stored = (await put.json()) as PolicyAnswer;
    expect(stored).toMatchObject({
      object: "tenant_policy",
      tenantId,
      policy: { limits: { requestsPerMinute: 600, spendPerDay: 50 }, failMode: "closed", audit: { mode: "metadata", retentionDays: 180, legalHold: false, shards: 1 } },
    });
    expect(stored.version).toMatch(/^kv:[0-9a-f]{16}$/);
    expect(await getPolicy(tenantId)).toEqual(stored);

    const same = (await (await adminCall("PUT", policyPath(tenantId), adminKey, stored.policy)).json()) as PolicyAnswer;
    expect(same.version).toBe(stored.version);
    const changed = (await (await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "open" })).json()) as PolicyAnswer;
    expect(changed.version).not.toBe(stored.version);
  });

  it("answers a tenant without a policy with none, and one from the config with its config version", async () => {
    expect(await getPolicy(uniqueTenant("nobody"))).toMatchObject({ policy: null, version: "none" });
    const configured = await getPolicy("tenant-configured");
    expect(configured.version).toMatch(/^config:/);
    expect(configured.policy).toMatchObject({ limits: { requestsPerMinute: 2 } });
  });

  it("refuses a write whose If-Match is not the current version with 412, and takes one that is", async () => {
    const tenantId = uniqueTenant("etag");
    const first = (await (await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "closed" })).json()) as PolicyAnswer;
    const second = (await (await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "open" }, { "if-match": first.version })).json()) as PolicyAnswer;
    expect(second.policy).toMatchObject({ failMode: "open" });

    const stale = await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "closed" }, { "if-match": `"${first.version}"` });
    expect(stale.status).toBe(412);
    const error = await readError(stale);
    expect(error.error).toMatchObject({ code: "version_mismatch", param: "If-Match" });
    expect(error.error.message).toContain(second.version);
    expect((await getPolicy(tenantId)).version).toBe(second.version);

    const quoted = await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "closed" }, { "if-match": `"${second.version}"` });
    expect(quoted.status).toBe(200);
    const fresh = await adminCall("PUT", policyPath(uniqueTenant("fresh")), adminKey, {}, { "if-match": "none" });
    expect(fresh.status).toBe(200);
  });

  it("deletes a policy set through the API: the config's entry applies again, or none; If-Match guards it too", async () => {
    const configured = await getPolicy("tenant-configured");
    const put = (await (await adminCall("PUT", policyPath("tenant-configured"), adminKey, { failMode: "open" })).json()) as PolicyAnswer;
    expect(put.version).toMatch(/^kv:/);
    const stale = await adminCall("DELETE", policyPath("tenant-configured"), adminKey, undefined, { "if-match": configured.version });
    expect(stale.status).toBe(412);
    const deleted = await adminCall("DELETE", policyPath("tenant-configured"), adminKey, undefined, { "if-match": put.version });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual(configured);
    expect(await getPolicy("tenant-configured")).toEqual(configured);

    const tenantId = uniqueTenant("gone");
    await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "open" });
    expect(await (await adminCall("DELETE", policyPath(tenantId), adminKey)).json()).toMatchObject({ policy: null, version: "none" });
    expect((await adminCall("DELETE", policyPath(tenantId), adminKey)).status).toBe(200);
  });

  it("refuses bodies that do not validate with 400, naming the parameter, and stores nothing", async () => {
    const tenantId = uniqueTenant("bad");
    const cases: Array<[unknown, string | null]> = [
      [{ limits: { requestsPerMinute: 0 } }, "limits.requestsPerMinute"],
      [{ failMode: "sometimes" }, "failMode"],
      [{ audit: { retentionDays: 1.5 } }, "audit.retentionDays"],
      [{ limits: { models: { "gpt-4o": { concurrentRequests: -1 } } } }, "limits.models.gpt-4o.concurrentRequests"],
      [[1], null],
    ];
    for (const [body, param] of cases) {
      const response = await adminCall("PUT", policyPath(tenantId), adminKey, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await readError(response);
      expect(error.error).toMatchObject({ type: "invalid_request_error", param });
    }
    expect((await adminCall("PUT", policyPath(tenantId), adminKey, "{")).status).toBe(400);
    expect(await getPolicy(tenantId)).toMatchObject({ policy: null, version: "none" });
  });

  it("audits the change: a log line with the actor, and an audit record with the method and path", async () => {
    const tenantId = uniqueTenant("audited");
    const put = await adminCall("PUT", policyPath(tenantId), adminKey, { failMode: "open" });
    const { version } = (await put.json()) as PolicyAnswer;
    const change = jsonLines(captured()).find((line) => line.event === "admin_change" && (line.target as Record<string, unknown>).tenantId === tenantId);
    expect(change).toMatchObject({ action: "tenant.policy.put", actorTenantId: adminTenant, target: { tenantId, previousVersion: "none", version } });
    expect(change?.actorKeyId).toMatch(/^key_/);

    const record = await waitFor(async () => {
      const entries = await heldEntries(auditLog(adminTenant));
      return entries.map((entry) => JSON.parse(entry.record) as Record<string, unknown>).find((entry) => entry.method === "PUT" && entry.path === policyPath(tenantId));
    });
    expect(record).toMatchObject({ tenantId: adminTenant, keyId: change?.actorKeyId, role: "admin", status: 200 });
  });
});

describe("GET /v1/admin/tenants", () => {
  it("lists tenants with keys, with KV policies and with config policies", async () => {
    const withKeys = uniqueTenant("keys");
    const withPolicy = uniqueTenant("policy");
    await createKeyVia(adminKey, { tenantId: withKeys, role: "app" });
    await createKeyVia(adminKey, { tenantId: withKeys, role: "auditor" });
    await adminCall("PUT", policyPath(withPolicy), adminKey, {});

    const response = await adminCall("GET", "/v1/admin/tenants", adminKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: Array<Record<string, unknown>> };
    expect(body.object).toBe("list");
    expect(body.data).toContainEqual({ object: "tenant", tenantId: withKeys, keys: 2, policySource: null });
    expect(body.data).toContainEqual({ object: "tenant", tenantId: withPolicy, keys: 0, policySource: "kv" });
    expect(body.data).toContainEqual({ object: "tenant", tenantId: "tenant-configured", keys: 0, policySource: "config" });
  });
});
