import { env } from "cloudflare:workers";
import OpenAI from "openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newControlStateCache } from "../../src/governance/kill-switches/control-store";
import type { ControlSnapshot } from "../../src/state/control";
import { controlObjectName } from "../../src/state/control";
import { waitForAuditRecord } from "./audit-record-reader";
import { callGateway, captureLogLines, mintKey, openaiClient, postJson, readError, waitFor } from "./helpers";

/** `governance.controlCacheTtlSeconds` in the test config. */
const ttlMs = 1000;

const control = () => env.CONTROL.get(env.CONTROL.idFromName(controlObjectName));

let operatorKey: Promise<string> | undefined;
/** The operator's admin key, minted once for the file. */
const adminKey = (): Promise<string> => (operatorKey ??= mintKey({ role: "admin", tenantId: "tenant-ops", keyId: "key_operator" }));

function admin(method: string, path: string, key: string, body?: unknown): Promise<Response> {
  return callGateway(`/v1/admin/kill-switches${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

async function pull(scope: string, id: string | null, reason = "incident 42"): Promise<void> {
  const response = await admin("PUT", "", await adminKey(), { scope, id, reason });
  expect(response.status, await response.clone().text()).toBe(200);
}

function chat(key: string, model = "gpt-4o-mini"): Promise<Response> {
  return postJson("/v1/chat/completions", key, { model, max_tokens: 20, messages: [{ role: "user", content: "kill switch test" }] });
}

/** Through the admin API, so this isolate's cache adopts the empty list at once. */
async function releaseAll(): Promise<void> {
  const key = await adminKey();
  const listed = (await (await admin("GET", "", key)).json()) as { data: Array<{ scope: string; id: string | null }> };
  for (const pulled of listed.data) await admin("DELETE", `/${pulled.scope}/${pulled.id ?? "_"}`, key);
  await admin("DELETE", "/all/_", key);
}

afterEach(async () => {
  vi.restoreAllMocks();
  captureLogLines();
  await releaseAll();
  vi.restoreAllMocks();
});

describe("kill switches on model requests", () => {
  it("`all` refuses every model request with 503 and the reason, and clearing it restores service", async () => {
    const client = openaiClient(await mintKey());
    await pull("all", null, "incident 42: provider leak");
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(503);
    expect(apiError.code).toBe("disabled_by_operator");
    expect(apiError.message).toContain("incident 42: provider leak");
    expect(apiError.headers?.get("x-switchboard-kill-switch")).toBe("all");

    const embeddings = await postJson("/v1/embeddings", await mintKey(), { model: "text-embedding-3-small", input: "x" });
    expect(embeddings.status).toBe(503);

    const released = await admin("DELETE", "/all/_", await adminKey());
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ scope: "all", id: null, deleted: true });
    const answer = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(answer.object).toBe("chat.completion");
  });

  it("`all` leaves the admin and audit routes working, so the operator can release it", async () => {
    const key = await adminKey();
    await pull("all", null);
    expect((await admin("GET", "", key)).status).toBe(200);
    const audit = await callGateway("/v1/audit/verify?tenant=tenant-ops", { headers: { authorization: `Bearer ${key}` } });
    expect(audit.status).toBe(200);
    const auditor = await mintKey({ role: "auditor" });
    expect((await callGateway("/v1/audit/export?format=jsonl", { headers: { authorization: `Bearer ${auditor}` } })).status).toBe(200);
    expect((await admin("DELETE", "/all/_", key)).status).toBe(200);
  });

  it("`tenant` and `key` refuse only that principal, with 403", async () => {
    const offTenant = await mintKey({ tenantId: "tenant-switched-off" });
    const offKey = await mintKey({ keyId: "key_switched_off" });
    const other = await mintKey();
    await pull("tenant", "tenant-switched-off", "unpaid invoice");
    await pull("key", "key_switched_off", "leaked on a forum");

    const tenantRefused = await chat(offTenant);
    expect(tenantRefused.status).toBe(403);
    expect(tenantRefused.headers.get("x-switchboard-kill-switch")).toBe("tenant=tenant-switched-off");
    expect(await readError(tenantRefused)).toMatchObject({ error: { type: "permission_error", code: "disabled_by_operator" } });

    const keyRefused = await chat(offKey);
    expect(keyRefused.status).toBe(403);
    expect(keyRefused.headers.get("x-switchboard-kill-switch")).toBe("key=key_switched_off");
    expect((await readError(keyRefused)).error.message).toContain("leaked on a forum");

    expect((await chat(other)).status).toBe(200);
  });

  it("`model` refuses that public model only", async () => {
    const key = await mintKey();
    await pull("model", "eu-only", "bad outputs");
    const refused = await chat(key, "eu-only");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("x-switchboard-kill-switch")).toBe("model=eu-only");
    expect(await readError(refused)).toMatchObject({ error: { code: "disabled_by_operator", param: "model" } });
    expect((await chat(key, "gpt-4o-mini")).status).toBe(200);
  });

  it("a killed target is taken out of routing: the request fails over, the route and audit record say so", async () => {
    const auditor = await mintKey({ role: "auditor" });
    await pull("target", "mini-us", "slow answers");
    const response = await chat(await mintKey());
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    const route = response.headers.get("x-switchboard-route") ?? "";
    expect(route).toContain("candidates=mini-eu;");
    expect(route).toContain("disabled=mini-us");
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") ?? "");
    expect(record.killSwitch).toEqual({ scope: "target", id: "mini-us", reason: "slow answers" });
    expect(record.route?.explanation).toContain("disabled=mini-us");
  });

  it("a killed provider is taken out; with no target left the request is refused with 503 and the reason", async () => {
    const auditor = await mintKey({ role: "auditor" });
    const key = await mintKey();
    await pull("provider", "sim-eu", "provider incident");
    const failedOver = await chat(key, "gpt-4o-mini");
    expect(failedOver.status).toBe(200);
    expect(failedOver.headers.get("x-switchboard-provider")).toBe("sim-us");

    const refused = await chat(key, "eu-only");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("x-switchboard-kill-switch")).toBe("provider=sim-eu");
    expect((await readError(refused)).error.message).toContain("provider incident");
    const record = await waitForAuditRecord(auditor, refused.headers.get("x-request-id") ?? "");
    expect(record).toMatchObject({ status: 503, error: "disabled", killSwitch: { scope: "provider", id: "sim-eu", reason: "provider incident" } });
  });
});

describe("the kill switch admin API", () => {
  it("lists, sets and clears switches, logs and audits each change with its actor", async () => {
    const logLines = captureLogLines();
    const key = await adminKey();
    const set = await admin("PUT", "", key, { scope: "provider", id: "openai", reason: "incident 42" });
    expect(set.status).toBe(200);
    const setBody = (await set.json()) as { version: number };
    expect(setBody).toMatchObject({ object: "kill_switch", scope: "provider", id: "openai", reason: "incident 42", actor: "key_operator" });

    const listed = (await (await admin("GET", "", key)).json()) as { object: string; version: number; data: unknown[] };
    expect(listed.object).toBe("list");
    expect(listed.version).toBe(setBody.version);
    expect(listed.data).toEqual([expect.objectContaining({ scope: "provider", id: "openai", actor: "key_operator" })]);

    const cleared = await admin("DELETE", "/provider/openai", key);
    expect(await cleared.json()).toMatchObject({ deleted: true });
    expect(((await (await admin("GET", "", key)).json()) as { version: number; data: unknown[] }).data).toEqual([]);
    const again = await admin("DELETE", "/provider/openai", key);
    expect(await again.json()).toMatchObject({ deleted: false });

    const events = logLines().filter((line) => line.event === "kill_switch_set" || line.event === "kill_switch_cleared");
    expect(events).toEqual([
      expect.objectContaining({ event: "kill_switch_set", scope: "provider", id: "openai", reason: "incident 42", actor: "key_operator" }),
      expect.objectContaining({ event: "kill_switch_cleared", scope: "provider", id: "openai", actor: "key_operator", cleared: true }),
      expect.objectContaining({ event: "kill_switch_cleared", cleared: false }),
    ]);
    const record = await waitForAuditRecord(key, set.headers.get("x-request-id") ?? "", "tenant-ops");
    expect(record).toMatchObject({ keyId: "key_operator", role: "admin", method: "PUT", path: "/v1/admin/kill-switches", status: 200 });
    expect(record.killSwitch).toEqual({ scope: "provider", id: "openai", reason: "incident 42" });
    const clearRecord = await waitForAuditRecord(key, cleared.headers.get("x-request-id") ?? "", "tenant-ops");
    expect(clearRecord.killSwitch).toEqual({ scope: "provider", id: "openai", reason: "incident 42" });
  });

  it("refuses app and auditor keys with 403", async () => {
    for (const role of ["app", "auditor"] as const) {
      const key = await mintKey({ role });
      for (const response of [
        await admin("GET", "", key),
        await admin("PUT", "", key, { scope: "all", reason: "x" }),
        await admin("DELETE", "/all/_", key),
      ]) {
        expect(response.status, role).toBe(403);
        expect(await readError(response)).toMatchObject({ error: { code: "insufficient_role" } });
      }
    }
    expect(((await (await admin("GET", "", await adminKey())).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("answers bad input with 400 in the OpenAI shape", async () => {
    const key = await adminKey();
    const cases: Array<[unknown, string | null]> = [
      [{ scope: "everything", id: "x", reason: "r" }, "scope"],
      [{ scope: "provider", reason: "r" }, "id"],
      [{ scope: "all", id: "x", reason: "r" }, "id"],
      [{ scope: "model", id: "gpt-4o-mini" }, "reason"],
      [{ scope: "model", id: "gpt-4o-mini", reason: "   " }, "reason"],
      [{ scope: "model", id: "has space", reason: "r" }, "id"],
      ["[]", null],
    ];
    for (const [body, param] of cases) {
      const response = await admin("PUT", "", key, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await readError(response);
      expect(error.error.type).toBe("invalid_request_error");
      expect(error.error.param, JSON.stringify(body)).toBe(param);
    }
    expect((await admin("PUT", "", key, "{not json")).status).toBe(400);
    expect((await readError(await admin("DELETE", "/everything/x", key))).error.param).toBe("scope");
    expect((await readError(await admin("DELETE", "/provider/_", key))).error.param).toBe("id");
    expect((await readError(await admin("DELETE", "/all/x", key))).error.param).toBe("id");
    expect(((await (await admin("GET", "", key)).json()) as { data: unknown[] }).data).toEqual([]);
  });
});

describe("the propagation bound: TTL plus one read", () => {
  it("another isolate's switch may pass requests within this isolate's TTL and refuses them after it and one read", async () => {
    const key = await mintKey();
    // This isolate has just read the list (the admin answer is adopted), so its TTL starts now.
    await releaseAll();
    const adoptedAt = Date.now();
    // Another isolate pulls the switch: written to the Control object, not through this isolate.
    await control().set({ scope: "all", id: null, reason: "elsewhere", actor: "key_elsewhere" });
    const withinTtl = await chat(key);
    if (Date.now() - adoptedAt < ttlMs) expect(withinTtl.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, adoptedAt + ttlMs + 20 - Date.now())));
    // The first request after the TTL starts this isolate's read and is served from the copy it had.
    expect([200, 503]).toContain((await chat(key)).status);
    // Once that one read has landed (the Control object's read timeout bounds it), every request is refused.
    const afterRead = await waitFor(async () => {
      const response = await chat(key);
      return response.status === 503 ? response : undefined;
    }, 1000);
    expect(afterRead.headers.get("x-switchboard-kill-switch")).toBe("all");
  });

  it("a second reader starts one background read when its TTL runs out and serves the switch once it lands", async () => {
    let now = 1_000_000;
    let reads = 0;
    const background: Promise<unknown>[] = [];
    const keepAlive = (work: Promise<unknown>) => void background.push(work);
    const reader = newControlStateCache({ now: () => now });
    const read = async (): Promise<ControlSnapshot> => {
      reads++;
      return control().snapshot();
    };
    expect((await reader.current(read, ttlMs, keepAlive)).switches).toEqual([]);
    await control().set({ scope: "model", id: "eu-only", reason: "bound", actor: "key_operator" });

    now += ttlMs - 1;
    const stale = await Promise.all(Array.from({ length: 20 }, () => reader.current(read, ttlMs, keepAlive)));
    expect(stale.every((list) => list.switches.length === 0)).toBe(true);
    expect(reads).toBe(1);

    now += 1;
    // Twenty concurrent requests at the TTL: one read starts, kept alive by the first; none of them waits for it.
    const during = await Promise.all(Array.from({ length: 20 }, () => reader.current(read, ttlMs, keepAlive)));
    expect(during.every((list) => list.switches.length === 0)).toBe(true);
    expect(reads).toBe(2);
    expect(background).toHaveLength(1);
    await Promise.all(background);
    const fresh = await Promise.all(Array.from({ length: 20 }, () => reader.current(read, ttlMs, keepAlive)));
    expect(fresh.every((list) => list.switches.some((pulled) => pulled.scope === "model" && pulled.id === "eu-only"))).toBe(true);
    expect(reads).toBe(2);
    await control().clear("model", "eu-only", "key_operator");
  });

  it("keeps the last known list when the Control object cannot be read, and serves none if it never could", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let now = 0;
    const background: Promise<unknown>[] = [];
    const keepAlive = (work: Promise<unknown>) => void background.push(work);
    await control().set({ scope: "tenant", id: "tenant-x", reason: "kept", actor: "key_operator" });
    const reader = newControlStateCache({ now: () => now, readTimeoutMs: 50 });
    const known = await reader.current(() => control().snapshot(), ttlMs, keepAlive);
    expect(known.switches).toHaveLength(1);

    now += ttlMs;
    expect(await reader.current(() => Promise.reject(new Error("Durable Object is overloaded")), ttlMs, keepAlive)).toEqual(known);
    await Promise.all(background);
    expect(await reader.current(() => control().snapshot(), ttlMs, keepAlive)).toEqual(known);
    now += ttlMs;
    expect(await reader.current(() => new Promise<ControlSnapshot>(() => undefined), ttlMs, keepAlive)).toEqual(known);
    await Promise.all(background);
    expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])).event)).toEqual(["kill_switches_unreadable", "kill_switches_unreadable"]);
    // A failed read is retried after another TTL, not by the next request.
    expect(background).toHaveLength(2);

    const neverRead = newControlStateCache({ now: () => now });
    expect((await neverRead.current(() => Promise.reject(new Error("unreachable")), ttlMs, keepAlive)).switches).toEqual([]);
    await control().clear("tenant", "tenant-x", "key_operator");
  });
});
