import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateApiKey, hashApiKey } from "../../src/governance/api-key";
import { adminBootstrapTestKey, simulatorTestKey } from "../support/constants";
import { workerTestBindings } from "../support/worker-bindings";
import { adminCall, bootstrapKey, captureConsoleText, createKeyVia, uniqueTenant } from "./admin-helpers";
import { callGateway, postJson, waitFor } from "./helpers";

// Issue 8: a representative workload, then every console line and every audit record it produced
// (the tenant's trail, the gateway's `_gateway` trail and the bootstrap admin's `_admin` trail) is
// scanned for secrets: API keys, their SHA-256 hashes, provider keys, the bootstrap secret and
// `Authorization` header values. Create and rotate answers carry the new key by design; nothing else may.

const tenant = uniqueTenant("scan");
/** Every plaintext API key that appears in this file's requests or answers. */
const apiKeys: string[] = [];
/** Request ids of the workload, by the trail their audit record goes to. */
const expectedIds: Record<string, string[]> = { [tenant]: [], _gateway: [], _admin: [] };
let consoleText: () => string[] = () => [];
let appKey = "";
let auditorKey = "";
let adminKey = "";

function idOf(response: Response, trail: string): void {
  const id = response.headers.get("x-request-id");
  expect(id).toBeTruthy();
  expectedIds[trail]?.push(id as string);
}

beforeAll(async () => {
  consoleText = captureConsoleText();
  // Through the admin API, as an operator would: the bootstrap credential mints the tenant's first admin.
  const admin = await createKeyVia(bootstrapKey, { tenantId: tenant, role: "admin", name: "scan admin" });
  adminKey = admin.key;
  appKey = (await createKeyVia(adminKey, { tenantId: tenant, role: "app", name: "scan app" })).key;
  auditorKey = (await createKeyVia(adminKey, { tenantId: tenant, role: "auditor", name: "scan auditor" })).key;
  apiKeys.push(adminKey, appKey, auditorKey);
  // `full` audit mode: request and answer bodies are in the records, so the scan sees the most.
  const policy = await adminCall("PUT", `/v1/admin/tenants/${tenant}/policy`, adminKey, { audit: { mode: "full" } });
  expect(policy.status, await policy.clone().text()).toBe(200);
  await policy.text();
  // Until this isolate's policy cache has the new policy: a chat's record then holds its prompt.
  await waitFor(async () => {
    const marker = `scan-warmup-${crypto.randomUUID().slice(0, 8)}`;
    const warm = await postJson("/v1/chat/completions", appKey, { model: "gpt-4o-mini", max_tokens: 4, messages: [{ role: "user", content: marker }] });
    await warm.text();
    const exported = await callGateway(`/v1/audit/export?format=jsonl&tenant=${tenant}`, { headers: { authorization: `Bearer ${adminKey}` } });
    return (await exported.text()).includes(marker) ? true : undefined;
  }, 20_000);
}, 30_000);

afterAll(() => {
  vi.restoreAllMocks();
});

async function drain(response: Response, status: number, trail: string): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  idOf(response, trail);
  return text;
}

async function runWorkload(): Promise<void> {
  const chat = { model: "gpt-4o-mini", max_tokens: 8, messages: [{ role: "user", content: "secret scan: hello" }] };
  await drain(await postJson("/v1/chat/completions", appKey, chat), 200, tenant);
  await drain(await postJson("/v1/chat/completions", appKey, { ...chat, stream: true, stream_options: { include_usage: true } }), 200, tenant);
  await drain(await postJson("/v1/embeddings", appKey, { model: "text-embedding-3-small", input: "secret scan" }), 200, tenant);
  await drain(
    await postJson("/v1/messages", null, { model: "claude-sonnet", max_tokens: 8, messages: [{ role: "user", content: "secret scan" }] }, { "x-api-key": appKey, "anthropic-version": "2023-06-01" }),
    200,
    tenant,
  );

  // 401s: an unknown key, and the bootstrap credential on a model route (never accepted there).
  const unknown = generateApiKey();
  apiKeys.push(unknown);
  await drain(await postJson("/v1/chat/completions", unknown, chat), 401, "_gateway");
  await drain(await postJson("/v1/chat/completions", bootstrapKey, chat), 401, "_gateway");
  // 403: an admin key calling a model.
  await drain(await postJson("/v1/chat/completions", adminKey, chat), 403, tenant);
  // Upstream failures: the provider refuses the gateway's (wrong) provider key; a provider that always fails.
  await drain(await postJson("/v1/chat/completions", appKey, { ...chat, model: "wrong-key" }), 502, tenant);
  await drain(await postJson("/v1/chat/completions", appKey, { ...chat, model: "always-failing" }), 502, tenant);

  // Admin key lifecycle: create, rotate, revoke (the answers of create and rotate hold the new key).
  const created = await adminCall("POST", "/v1/admin/keys", adminKey, { tenantId: tenant, role: "app", name: "scan lifecycle" });
  const createdBody = JSON.parse(await drain(created, 201, tenant)) as { key: string; keyId: string };
  apiKeys.push(createdBody.key);
  const rotated = await adminCall("POST", `/v1/admin/keys/${createdBody.keyId}/rotate`, adminKey, { graceSeconds: 0 });
  const rotatedBody = JSON.parse(await drain(rotated, 201, tenant)) as { key: string; keyId: string };
  apiKeys.push(rotatedBody.key);
  await drain(await adminCall("DELETE", `/v1/admin/keys/${rotatedBody.keyId}`, adminKey), 200, tenant);
  // The bootstrap credential's own admin calls (its trail is `_admin`).
  await drain(await adminCall("GET", `/v1/admin/keys?tenant=${tenant}`, bootstrapKey), 200, "_admin");

  // A kill switch set and cleared.
  await drain(await adminCall("PUT", "/v1/admin/kill-switches", adminKey, { scope: "model", id: "scan-no-such-model", reason: "secret scan drill" }), 200, tenant);
  await drain(await adminCall("DELETE", "/v1/admin/kill-switches/model/scan-no-such-model", adminKey), 200, tenant);

  // An audit export by the tenant's auditor.
  await drain(await callGateway("/v1/audit/export?format=jsonl", { headers: { authorization: `Bearer ${auditorKey}` } }), 200, tenant);
}

/** The records of a trail (raw JSON text), once it holds every expected request id. */
async function trailRecords(trail: string): Promise<string[]> {
  const wanted = expectedIds[trail] ?? [];
  return waitFor(async () => {
    const response = await callGateway(`/v1/audit/export?format=jsonl&tenant=${encodeURIComponent(trail)}`, { headers: { authorization: `Bearer ${adminKey}` } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`export of ${trail} refused: ${response.status} ${text}`);
    const records = text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const { record } = JSON.parse(line) as { record: unknown };
        return typeof record === "string" ? record : JSON.stringify(record);
      });
    const all = records.join("\n");
    return wanted.every((id) => all.includes(id)) ? records : undefined;
  }, 10_000);
}

describe("secret scan of logs and audit records", { timeout: 30_000 }, () => {
  it("no log line and no audit record holds a key, a key hash, a provider key, the bootstrap secret or an Authorization value", async () => {
    await runWorkload();
    const trails: Record<string, string[]> = {};
    for (const trail of Object.keys(expectedIds)) trails[trail] = await trailRecords(trail);
    // Stream log lines are written after the answer; the records waited for above came after them.
    const lines = consoleText();

    // The scan must have something to scan: every kind of request is in the logs and the trails.
    expect(lines.length).toBeGreaterThan(10);
    expect(trails[tenant]?.length).toBeGreaterThanOrEqual(expectedIds[tenant]?.length ?? 0);
    expect(trails[tenant]?.some((record) => record.includes("secret scan: hello"))).toBe(true);
    expect(trails._gateway?.length).toBeGreaterThanOrEqual(2);
    expect(trails._admin?.length).toBeGreaterThanOrEqual(1);

    const bindings = workerTestBindings("http://unused");
    const secrets = new Map<string, string>();
    for (const key of apiKeys) {
      secrets.set(`api key ${key.slice(0, 9)}…`, key);
      // The key without its prefix too, so a log cannot hide it by cutting `sk-sb-` off.
      secrets.set(`api key body ${key.slice(6, 12)}…`, key.slice("sk-sb-".length));
      secrets.set(`sha256 of ${key.slice(0, 9)}…`, await hashApiKey(key));
      secrets.set(`Authorization of ${key.slice(0, 9)}…`, `Bearer ${key}`);
    }
    secrets.set("simulator provider key", simulatorTestKey);
    secrets.set("wrong provider key", bindings.WRONG_PROVIDER_KEY as string);
    secrets.set("bootstrap secret", adminBootstrapTestKey);
    secrets.set("sha256 of the bootstrap secret", await hashApiKey(adminBootstrapTestKey));
    secrets.set("Authorization of the bootstrap secret", `Bearer ${adminBootstrapTestKey}`);
    secrets.set("Authorization of the simulator key", `Bearer ${simulatorTestKey}`);

    const found: string[] = [];
    const sources: Array<[string, string[]]> = [["console", lines], ...Object.entries(trails).map(([trail, records]): [string, string[]] => [`audit ${trail}`, records])];
    for (const [source, texts] of sources) {
      for (const text of texts) {
        for (const [name, secret] of secrets) if (text.includes(secret)) found.push(`${source}: ${name} in ${text.slice(0, 300)}`);
        if (/"authorization"\s*:/i.test(text)) found.push(`${source}: an authorization header in ${text.slice(0, 300)}`);
      }
    }
    expect(found).toEqual([]);
  });
});
