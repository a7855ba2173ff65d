import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/governance/api-key";
import { adminCall, bootstrapKey, captureConsoleText, createKeyVia, jsonLines, uniqueTenant } from "./admin-helpers";
import { auditLog, heldEntries } from "./audit-log-helpers";
import { callGateway, mintKey, openaiClient, readError, waitFor } from "./helpers";

// The test config's `gateway.keyCacheTtlSeconds`: how long an isolate may still accept a revoked key.
const keyCacheTtlMs = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let consoleText: () => string[];
let adminKey: string;
let adminKeyId: string;
let adminTenant: string;
/** Every plaintext key minted in this file, and every answer that was not a create or rotate answer. */
const plaintextKeys: string[] = [];
const otherAnswers: string[] = [];

async function answerText(response: Response): Promise<string> {
  const text = await response.text();
  otherAnswers.push(text);
  return text;
}

async function create(request: Record<string, unknown>) {
  const created = await createKeyVia(adminKey, request);
  plaintextKeys.push(created.key);
  return created;
}

async function chatWorks(key: string): Promise<boolean> {
  try {
    await openaiClient(key).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hello admin" }] });
    return true;
  } catch (error) {
    if (error instanceof Error && "status" in error && error.status === 401) return false;
    throw error;
  }
}

beforeAll(async () => {
  consoleText = captureConsoleText();
  adminTenant = uniqueTenant("ops");
  const opsAdmin = await createKeyVia(bootstrapKey, { tenantId: adminTenant, role: "admin", name: "first real admin" });
  adminKey = opsAdmin.key;
  adminKeyId = opsAdmin.keyId;
  plaintextKeys.push(adminKey);
});

afterAll(async () => {
  // The admin requests' audit records (the bootstrap's under `_admin`) are among the lines scanned.
  const auditRecords = await waitFor(async () => {
    const entries = [...(await heldEntries(auditLog(adminTenant))), ...(await heldEntries(auditLog("_admin")))];
    return entries.some((entry) => entry.record.includes("/v1/admin/keys/")) ? entries.map((entry) => entry.record) : undefined;
  });
  const lines = [...consoleText(), ...auditRecords];
  expect(jsonLines(lines).some((line) => line.event === "admin_change")).toBe(true);
  for (const key of plaintextKeys) {
    const hash = await hashApiKey(key);
    for (const line of lines) {
      expect(line).not.toContain(key);
      expect(line).not.toContain(hash);
    }
    for (const answer of otherAnswers) {
      expect(answer).not.toContain(key);
      expect(answer).not.toContain(hash);
    }
  }
  for (const line of lines) expect(line).not.toContain(bootstrapKey);
});

describe("POST /v1/admin/keys", () => {
  it("audits the change with its actor: the record's tenant and key are the admin's, adminChange names the key made", async () => {
    const created = await create({ tenantId: uniqueTenant("audited"), role: "app" });
    const record = await waitFor(async () => {
      const entries = await heldEntries(auditLog(adminTenant));
      const parsed = entries.map((entry) => JSON.parse(entry.record) as { tenantId: string; keyId: string; adminChange?: { action: string; target: Record<string, unknown> } | null });
      return parsed.find((candidate) => candidate.adminChange?.target.keyId === created.keyId);
    });
    expect(record).toMatchObject({ tenantId: adminTenant, keyId: adminKeyId, adminChange: { action: "key.create", target: { keyId: created.keyId, tenantId: created.tenantId } } });
  });

  it("mints a key that works with the OpenAI SDK for its tenant, and logs the change without the key", async () => {
    const tenantId = uniqueTenant("acme");
    const created = await create({ tenantId, role: "app", name: "search backend", limits: { requestsPerMinute: 100 } });
    expect(created.key).toMatch(/^sk-sb-[A-Za-z0-9]{40}$/);
    expect(created).toMatchObject({ object: "api_key", tenantId, role: "app", name: "search backend", status: "active", revokedAt: null, limits: { requestsPerMinute: 100 } });
    expect(created.keyId).toMatch(/^key_[0-9a-f]{16}$/);

    const completion = await openaiClient(created.key).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    const requestLine = jsonLines(consoleText()).find((line) => line.event === "request" && line.keyId === created.keyId);
    expect(requestLine).toMatchObject({ tenantId, status: 200 });

    const change = jsonLines(consoleText()).find((line) => line.event === "admin_change" && line.action === "key.create" && (line.target as Record<string, unknown>).keyId === created.keyId);
    expect(change).toMatchObject({ level: "info", actorTenantId: expect.stringMatching(/^ops-/), target: { tenantId, role: "app" } });
    expect(change?.actorKeyId).toMatch(/^key_/);
  });

  it("refuses bodies that do not validate, naming the parameter", async () => {
    const cases: Array<[unknown, string | null]> = [
      [{ role: "app" }, "tenantId"],
      [{ tenantId: "t", role: "root" }, "role"],
      [{ tenantId: "", role: "app" }, "tenantId"],
      [{ tenantId: "t", role: "app", limits: { requestsPerMinute: 0 } }, "limits.requestsPerMinute"],
      [{ tenantId: "t", role: "app", jurisdiction: "EU!" }, "jurisdiction"],
      [{ tenantId: "t", role: "app", requiredDataPolicies: ["maybe"] }, "requiredDataPolicies[0]"],
      [{ tenantId: "t", role: "app", keyId: "key_mine" }, null],
      [[], null],
    ];
    for (const [body, param] of cases) {
      const response = await adminCall("POST", "/v1/admin/keys", adminKey, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await readError(response);
      expect(error.error.type).toBe("invalid_request_error");
      expect(error.error.param, JSON.stringify(body)).toBe(param);
    }
    const notJson = await adminCall("POST", "/v1/admin/keys", adminKey, "{not json");
    expect(notJson.status).toBe(400);
    expect((await readError(notJson)).error.code).toBe("invalid_json");
  });
});

describe("GET /v1/admin/keys", () => {
  it("lists a tenant's keys with ids, roles, names and times, never a key or its hash", async () => {
    const tenantId = uniqueTenant("list");
    const app = await create({ tenantId, role: "app", name: "one" });
    const auditor = await create({ tenantId, role: "auditor" });
    await create({ tenantId: uniqueTenant("other"), role: "app" });

    const response = await adminCall("GET", `/v1/admin/keys?tenant=${tenantId}`, adminKey);
    expect(response.status).toBe(200);
    const body = JSON.parse(await answerText(response)) as { object: string; data: Array<Record<string, unknown>> };
    expect(body.object).toBe("list");
    expect(body.data.map((key) => key.keyId).sort()).toEqual([app.keyId, auditor.keyId].sort());
    expect(body.data.find((key) => key.keyId === app.keyId)).toMatchObject({ role: "app", name: "one", status: "active", revokedAt: null, createdAt: expect.stringMatching(/^\d{4}-/) });
    for (const key of body.data) expect(Object.keys(key)).not.toContain("key");
  });

  it("needs a tenant", async () => {
    const response = await adminCall("GET", "/v1/admin/keys", adminKey);
    expect(response.status).toBe(400);
    expect((await readError(response)).error.param).toBe("tenant");
  });
});

describe("POST /v1/admin/keys/{keyId}/rotate", () => {
  it("gives a new key with the same settings; both work during the grace period, only the new one after", async () => {
    const tenantId = uniqueTenant("rotate");
    // Not used before the rotation: an isolate that cached the record without `revokedAt` would accept the
    // old key until its cache entry expires (keyCacheTtlSeconds), on top of the grace period.
    const old = await create({ tenantId, role: "app", name: "rotating", jurisdiction: "eu", requiredDataPolicies: ["no-training"] });

    const response = await adminCall("POST", `/v1/admin/keys/${old.keyId}/rotate`, adminKey, { graceSeconds: 1 });
    expect(response.status).toBe(201);
    const rotated = (await response.json()) as { key: string; keyId: string; previous: Record<string, unknown> } & Record<string, unknown>;
    plaintextKeys.push(rotated.key);
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(rotated).toMatchObject({ tenantId, role: "app", name: "rotating", jurisdiction: "eu", requiredDataPolicies: ["no-training"], status: "active" });
    expect(rotated.previous).toMatchObject({ keyId: old.keyId, status: "revoking" });
    expect(rotated.previous).not.toHaveProperty("key");

    expect(await chatWorks(old.key)).toBe(true);
    expect(await chatWorks(rotated.key)).toBe(true);
    await sleep(1200);
    expect(await chatWorks(old.key)).toBe(false);
    expect(await chatWorks(rotated.key)).toBe(true);

    const listed = JSON.parse(await answerText(await adminCall("GET", `/v1/admin/keys?tenant=${tenantId}`, adminKey))) as { data: Array<Record<string, unknown>> };
    expect(listed.data.find((key) => key.keyId === old.keyId)).toMatchObject({ status: "revoked" });
    expect(listed.data.find((key) => key.keyId === rotated.keyId)).toMatchObject({ status: "active" });

    const again = await adminCall("POST", `/v1/admin/keys/${old.keyId}/rotate`, adminKey);
    expect(again.status).toBe(400);
    expect((await readError(again)).error.param).toBe("keyId");
  });

  it("defaults the grace period when sent no body, and refuses a bad one", async () => {
    const old = await create({ tenantId: uniqueTenant("rotate"), role: "app" });
    const bad = await adminCall("POST", `/v1/admin/keys/${old.keyId}/rotate`, adminKey, { graceSeconds: -1 });
    expect(bad.status).toBe(400);
    expect((await readError(bad)).error.param).toBe("graceSeconds");

    const response = await adminCall("POST", `/v1/admin/keys/${old.keyId}/rotate`, adminKey);
    expect(response.status).toBe(201);
    const rotated = (await response.json()) as { key: string; previous: { revokedAt: string } };
    plaintextKeys.push(rotated.key);
    const graceMs = Date.parse(rotated.previous.revokedAt) - Date.now();
    expect(graceMs).toBeGreaterThan(3500_000);
    expect(graceMs).toBeLessThanOrEqual(3600_000);
  });

  it("answers 404 for an unknown key id", async () => {
    const response = await adminCall("POST", "/v1/admin/keys/key_0000000000000000/rotate", adminKey);
    expect(response.status).toBe(404);
    expect((await readError(response)).error.code).toBe("key_not_found");
  });
});

describe("PATCH /v1/admin/keys/{keyId}", () => {
  it("changes a key's settings in place: the same key, now narrowed, and a null clears a setting", async () => {
    const key = await create({ tenantId: uniqueTenant("patch"), role: "app", name: "before", limits: { requestsPerMinute: 60 } });
    const response = await adminCall("PATCH", `/v1/admin/keys/${key.keyId}`, adminKey, { name: "after", access: { models: ["gpt-4o-mini"] }, limits: null });
    expect(response.status).toBe(200);
    const body = JSON.parse(await answerText(response)) as Record<string, unknown>;
    expect(body).toMatchObject({ keyId: key.keyId, name: "after", limits: null, access: { models: ["gpt-4o-mini"] }, status: "active" });
    // Never used before the change, so no isolate holds the old record: the narrowing applies at once.
    const refused = await openaiClient(key.key)
      .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, code: "model_not_allowed" });
    expect(await chatWorks(key.key)).toBe(true);
    const listed = JSON.parse(await answerText(await adminCall("GET", `/v1/admin/keys?tenant=${key.tenantId}`, adminKey))) as { data: Array<Record<string, unknown>> };
    expect(listed.data).toEqual([expect.objectContaining({ keyId: key.keyId, name: "after", limits: null, access: { models: ["gpt-4o-mini"] } })]);
  });

  it("never changes a key's tenant or role, refuses unknown fields and revoked keys, and answers 404 for an unknown id", async () => {
    const key = await create({ tenantId: uniqueTenant("patch-refused"), role: "app" });
    for (const body of [{ tenantId: "other" }, { role: "admin" }, { keyId: "key_x" }, { limits: { requestsPerMinute: -1 } }]) {
      const response = await adminCall("PATCH", `/v1/admin/keys/${key.keyId}`, adminKey, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await readError(response)).error.type).toBe("invalid_request_error");
    }
    expect((await adminCall("PATCH", "/v1/admin/keys/key_unknown", adminKey, { name: "x" })).status).toBe(404);
    await adminCall("DELETE", `/v1/admin/keys/${key.keyId}`, adminKey);
    const revoked = await adminCall("PATCH", `/v1/admin/keys/${key.keyId}`, adminKey, { name: "x" });
    expect(revoked.status).toBe(400);
    expect((await readError(revoked)).error.param).toBe("keyId");
  });
});

describe("DELETE /v1/admin/keys/{keyId}", () => {
  it("revokes the key: refused once the key cache TTL has passed", async () => {
    const key = await create({ tenantId: uniqueTenant("revoke"), role: "app" });
    expect(await chatWorks(key.key)).toBe(true);
    const response = await adminCall("DELETE", `/v1/admin/keys/${key.keyId}`, adminKey);
    expect(response.status).toBe(200);
    const body = JSON.parse(await answerText(response)) as Record<string, unknown>;
    expect(body).toMatchObject({ keyId: key.keyId, status: "revoked", revokedAt: expect.stringMatching(/^\d{4}-/) });
    await sleep(keyCacheTtlMs + 300);
    expect(await chatWorks(key.key)).toBe(false);
    expect((await answerText(await adminCall("DELETE", "/v1/admin/keys/key_unknown", adminKey))).includes("key_not_found")).toBe(true);
  });
});

describe("roles", () => {
  const adminRoutes: Array<[string, string, unknown]> = [
    ["POST", "/v1/admin/keys", { tenantId: "t", role: "app" }],
    ["GET", "/v1/admin/keys?tenant=t", undefined],
    ["POST", "/v1/admin/keys/key_x/rotate", undefined],
    ["DELETE", "/v1/admin/keys/key_x", undefined],
    ["GET", "/v1/admin/tenants", undefined],
    ["GET", "/v1/admin/tenants/t/policy", undefined],
    ["PUT", "/v1/admin/tenants/t/policy", {}],
  ];

  it("refuses app and auditor keys on every admin route with 403", async () => {
    for (const role of ["app", "auditor"] as const) {
      const key = await mintKey({ role });
      plaintextKeys.push(key);
      for (const [method, path, body] of adminRoutes) {
        const response = await adminCall(method, path, key, body);
        expect(response.status, `${role} ${method} ${path}`).toBe(403);
        expect((await readError(response)).error.code).toBe("insufficient_role");
      }
    }
  });

  it("refuses requests without a key with 401", async () => {
    for (const [method, path, body] of adminRoutes) {
      expect((await adminCall(method, path, null, body)).status, `${method} ${path}`).toBe(401);
    }
  });

  it("accepts the bootstrap credential on admin routes only, never on model, audit or metrics routes", async () => {
    const listed = await adminCall("GET", "/v1/admin/tenants", bootstrapKey);
    expect(listed.status).toBe(200);
    await answerText(listed);
    expect(await chatWorks(bootstrapKey)).toBe(false);
    for (const path of ["/v1/models", "/v1/audit/export?tenant=t", "/metrics"]) {
      const response = await callGateway(path, { headers: { authorization: `Bearer ${bootstrapKey}` } });
      expect([401, 403], path).toContain(response.status);
      await answerText(response);
    }
    const wrong = await adminCall("GET", "/v1/admin/tenants", `${bootstrapKey}x`);
    expect(wrong.status).toBe(401);
  });
});
