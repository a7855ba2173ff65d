import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ControlCache } from "../../src/governance/kill-switches/control-cache";
import { emptyControlSnapshot } from "../../src/governance/kill-switches/control-store";
import { type ControlSnapshot, controlObjectName } from "../../src/state/control";
import { adminCall } from "./admin-helpers";
import { captureLogLines, mintKey, openaiClient, postJson, readError, waitFor } from "./helpers";

/** `governance.controlCacheTtlSeconds` in the test config. */
const ttlMs = 1000;

const control = () => env.CONTROL.get(env.CONTROL.idFromName(controlObjectName));

let operatorKey: Promise<string> | undefined;
/** The operator's admin key, minted once for the file. */
const adminKey = (): Promise<string> => (operatorKey ??= mintKey({ role: "admin", tenantId: "tenant-ops", keyId: "key_config_operator" }));

let appKey: Promise<string> | undefined;
const callerKey = (): Promise<string> => (appKey ??= mintKey());

interface OverrideObject {
  object: string;
  version: number;
  document: Record<string, unknown> | null;
  actor: string | null;
  updatedAt: string | null;
  applied: boolean;
  problems: string[];
  deleted?: boolean;
}

interface ConfigObject {
  object: string;
  base: { source: string; config: { targets: Record<string, unknown>; models: Record<string, { targets: string[] }> } };
  override: OverrideObject;
}

async function putOverride(document: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return adminCall("PUT", "/v1/admin/config/overrides", await adminKey(), document, headers);
}

async function readConfig(): Promise<ConfigObject> {
  const response = await adminCall("GET", "/v1/admin/config", await adminKey());
  expect(response.status).toBe(200);
  return (await response.json()) as ConfigObject;
}

/** The target that served a chat completion of `model`. */
async function servingTarget(model: string): Promise<string | null> {
  const response = await postJson("/v1/chat/completions", await callerKey(), { model, max_tokens: 5, messages: [{ role: "user", content: "override test" }] });
  expect(response.status, await response.clone().text()).toBe(200);
  await response.text();
  return response.headers.get("x-switchboard-target");
}

/** A new target on a provider the base has, and the base's `gpt-4o-mini` repointed to it alone. */
const repointMini = {
  targets: { "mini-ap-override": { provider: "sim-ap", model: "gpt-4o-mini" } },
  models: { "gpt-4o-mini": { targets: ["mini-ap-override"], strategy: "ordered" } },
};

afterEach(async () => {
  vi.restoreAllMocks();
  // Through the admin API, so this isolate adopts the base at once.
  await adminCall("DELETE", "/v1/admin/config/overrides", await adminKey());
});

describe("config overrides on model requests", () => {
  it("serves a model from a target the override added, through the official SDK", async () => {
    const logLines = captureLogLines();
    const put = await putOverride(repointMini);
    expect(put.status, await put.clone().text()).toBe(200);
    const stored = (await put.json()) as OverrideObject;
    expect(stored).toMatchObject({ object: "config_override", actor: "key_config_operator", applied: true, problems: [] });
    expect(stored.document).toMatchObject(repointMini);
    expect(put.headers.get("etag")).toBe(`"${stored.version}"`);

    const { data, response } = await openaiClient(await callerKey())
      .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(response.headers.get("x-switchboard-target")).toBe("mini-ap-override");
    expect(response.headers.get("x-switchboard-provider")).toBe("sim-ap");

    const changes = logLines().filter((line) => line.event === "admin_change");
    expect(changes).toEqual([
      expect.objectContaining({ actorKeyId: "key_config_operator", action: "config.override.put", target: { previousVersion: expect.any(Number), version: stored.version } }),
    ]);
  });

  it("replaces a model's targets, adds a model and removes one; /v1/models follows", async () => {
    const put = await putOverride({
      models: { "eu-only": { targets: ["mini-us"] }, "override-new": { targets: ["mini-eu"], ownedBy: "ops" } },
      removeModels: ["unreachable"],
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await servingTarget("eu-only")).toBe("mini-us");
    expect(await servingTarget("override-new")).toBe("mini-eu");

    const removed = await postJson("/v1/chat/completions", await callerKey(), { model: "unreachable", messages: [{ role: "user", content: "x" }] });
    expect(removed.status).toBe(404);
    expect((await readError(removed)).error.code).toBe("model_not_found");

    const models = await openaiClient(await callerKey()).models.list();
    const names = models.data.map((model) => model.id);
    expect(names).toContain("override-new");
    expect(names).not.toContain("unreachable");
  });

  it("DELETE returns to the base config; a second DELETE changes nothing", async () => {
    await putOverride(repointMini);
    expect(await servingTarget("gpt-4o-mini")).toBe("mini-ap-override");

    const deleted = await adminCall("DELETE", "/v1/admin/config/overrides", await adminKey());
    expect(deleted.status).toBe(200);
    const body = (await deleted.json()) as OverrideObject;
    expect(body).toMatchObject({ object: "config_override", document: null, deleted: true, applied: false });
    expect(await servingTarget("gpt-4o-mini")).toBe("mini-us");

    const again = (await (await adminCall("DELETE", "/v1/admin/config/overrides", await adminKey())).json()) as OverrideObject;
    expect(again).toMatchObject({ deleted: false, version: body.version });
    expect((await readConfig()).override).toMatchObject({ version: body.version, document: null });
  });
});

describe("validation", () => {
  it("refuses an override the merged config does not validate with 400, naming the field, and stores nothing", async () => {
    const before = (await readConfig()).override.version;
    const cases: Array<[unknown, string | null, string]> = [
      [{ models: { "gpt-4o-mini": { targets: ["no-such-target"] } } }, "models.gpt-4o-mini.targets[0]", 'unknown target "no-such-target"'],
      [{ targets: { "new-target": { provider: "no-such-provider", model: "m" } } }, "targets.new-target.provider", 'unknown provider "no-such-provider"'],
      [{ removeTargets: ["mini-eu"] }, "models.gpt-4o-mini.targets[1]", 'unknown target "mini-eu"'],
      [{ models: { "text-embedding-3-small": { type: "embeddings", targets: ["claude-us"] } } }, "models.text-embedding-3-small.targets[0]", "cannot serve embeddings"],
      [{ models: { "gpt-4o-mini": { targets: [] } } }, "models.gpt-4o-mini.targets", ""],
      [{ targets: { "Bad Name": { provider: "sim-us", model: "m" } } }, "targets.Bad Name", ""],
      [{ models: { m: { targets: ["mini-us"] } }, removeModels: ["m"] }, "removeModels[0]", "also set"],
      [{}, null, "changes nothing"],
    ];
    for (const [body, param, message] of cases) {
      const response = await putOverride(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await readError(response);
      expect(error.type).toBe("invalid_request_error");
      expect(error.param, JSON.stringify(body)).toBe(param);
      expect(error.message, JSON.stringify(body)).toContain(message);
    }
    // Providers are not overridable: a provider names a secret and where it is sent.
    const withProvider = await putOverride({ providers: { evil: { kind: "openai", baseUrl: "https://example.com/v1", apiKeySecret: "SIMULATOR_API_KEY", region: "us" } }, ...repointMini });
    expect(withProvider.status).toBe(400);
    expect((await putOverride("{not json")).status).toBe(400);
    expect((await readConfig()).override.version).toBe(before);
    expect(await servingTarget("gpt-4o-mini")).toBe("mini-us");
  });

  it("honours If-Match: 412 when the override changed since the version read", async () => {
    const read = await adminCall("GET", "/v1/admin/config", await adminKey());
    const etag = read.headers.get("etag") ?? "";
    const { override } = (await read.json()) as ConfigObject;
    expect(etag).toBe(`"${override.version}"`);

    const first = await putOverride(repointMini, { "if-match": etag });
    expect(first.status, await first.clone().text()).toBe(200);
    const firstVersion = ((await first.json()) as OverrideObject).version;
    expect(firstVersion).toBeGreaterThan(override.version);

    const stale = await putOverride({ removeModels: ["slow"] }, { "if-match": String(override.version) });
    expect(stale.status).toBe(412);
    expect(await readError(stale)).toMatchObject({ error: { code: "version_mismatch", param: "If-Match" } });
    const staleDelete = await adminCall("DELETE", "/v1/admin/config/overrides", await adminKey(), undefined, { "if-match": etag });
    expect(staleDelete.status).toBe(412);

    const current = await readConfig();
    expect(current.override).toMatchObject({ version: firstVersion, applied: true });
    expect(current.override.document).toMatchObject(repointMini);
    const matched = await adminCall("DELETE", "/v1/admin/config/overrides", await adminKey(), undefined, { "if-match": `"${firstVersion}"` });
    expect(((await matched.json()) as OverrideObject).deleted).toBe(true);
  });

  it("GET shows the base, its source, and the override in force", async () => {
    await putOverride(repointMini);
    const config = await readConfig();
    expect(config.object).toBe("config");
    expect(config.base.source).toBe("variable");
    expect(config.base.config.models["gpt-4o-mini"]?.targets).toEqual(["mini-us", "mini-eu"]);
    expect(config.base.config.targets).not.toHaveProperty("mini-ap-override");
    expect(config.override).toMatchObject({ applied: true, actor: "key_config_operator", problems: [] });
    expect(Date.parse(config.override.updatedAt ?? "")).not.toBeNaN();
  });
});

describe("a stored override the base no longer accepts", () => {
  it("serves the base, logs it once, and GET says it is not applied and why", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // Stored against an older base whose provider a deploy has since removed (the object does not validate).
    const stale = {
      targets: { "ghost-target": { provider: "provider-removed-by-deploy", model: "gpt-4o-mini" } },
      models: { "gpt-4o-mini": { targets: ["ghost-target"] } },
    };
    const change = await control().putOverride(JSON.stringify(stale), "key_before_deploy", null);
    expect(change.ok).toBe(true);

    const config = await readConfig();
    expect(config.override).toMatchObject({ actor: "key_before_deploy", applied: false, document: stale });
    expect(config.override.problems).toEqual(['targets.ghost-target.provider: unknown provider "provider-removed-by-deploy"']);
    expect(await servingTarget("gpt-4o-mini")).toBe("mini-us");
    expect(await servingTarget("eu-only")).toBe("mini-eu");

    const logged = errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>).filter((line) => line.event === "config_override_not_applied");
    expect(logged).toEqual([expect.objectContaining({ level: "error", version: config.override.version, problems: config.override.problems })]);
  });
});

describe("propagation: TTL plus one read, in the same read as the kill switches", () => {
  it("another isolate's override may be missed within this isolate's TTL and is served after it and one read", async () => {
    // This isolate has just read the Control object (the admin answer is adopted), so its TTL starts now.
    await readConfig();
    const adoptedAt = Date.now();
    // Another isolate stores an override: written to the Control object, not through this isolate.
    await control().putOverride(JSON.stringify(repointMini), "key_elsewhere", null);
    const withinTtl = await servingTarget("gpt-4o-mini");
    if (Date.now() - adoptedAt < ttlMs) expect(withinTtl).toBe("mini-us");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, adoptedAt + ttlMs + 20 - Date.now())));
    // The first request after the TTL starts the isolate's read and is served from the copy it had;
    // once that read lands (bounded by the read timeout), requests are served with the override.
    expect(["mini-us", "mini-ap-override"]).toContain(await servingTarget("gpt-4o-mini"));
    expect(await waitFor(async () => ((await servingTarget("gpt-4o-mini")) === "mini-ap-override" ? true : undefined), 1000)).toBe(true);
  });

  it("one read per TTL brings both the switches and the override", async () => {
    let now = 1_000_000;
    let reads = 0;
    const reader = new ControlCache<ControlSnapshot>({ now: () => now, fallback: emptyControlSnapshot, unreadableEvent: "test_unreadable" });
    const read = async (): Promise<ControlSnapshot> => {
      reads++;
      return control().snapshot();
    };
    const background: Promise<unknown>[] = [];
    const keepAlive = (work: Promise<unknown>) => void background.push(work);
    const first = await reader.current(read, ttlMs, keepAlive);
    await control().set({ scope: "model", id: "override-bound", reason: "bound", actor: "key_config_operator" });
    await control().putOverride(JSON.stringify(repointMini), "key_config_operator", null);

    now += ttlMs - 1;
    expect((await reader.current(read, ttlMs, keepAlive)).version).toBe(first.version);
    now += 1;
    // At the TTL, one background read starts; the requests meanwhile are served the copy they had.
    const during = await Promise.all(Array.from({ length: 10 }, () => reader.current(read, ttlMs, keepAlive)));
    expect(during.every((snapshot) => snapshot.version === first.version)).toBe(true);
    await Promise.all(background);
    const fresh = await Promise.all(Array.from({ length: 10 }, () => reader.current(read, ttlMs, keepAlive)));
    expect(reads).toBe(2);
    for (const snapshot of fresh) {
      expect(snapshot.switches.some((pulled) => pulled.id === "override-bound")).toBe(true);
      expect(JSON.parse(snapshot.override.document ?? "null")).toMatchObject(repointMini);
    }
    await control().clear("model", "override-bound", "key_config_operator");
  });
});
