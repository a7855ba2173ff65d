import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { loadConfig } from "../../src/config/load-config";
import { readHealthSources } from "../../src/routes/admin/health-sources";
import { routedTargets } from "../../src/routes/admin/health-targets";
import { overallStatus, targetHealth, unreadSources } from "../../src/routes/admin/health-view";
import { staleScoreMs } from "../../src/state/region-health";
import { simulatorTestKey } from "../support/constants";
import { testGatewayConfig } from "../support/test-config";
import { adminCall, bootstrapKey } from "./admin-helpers";
import { captureLogLines, mintKey, postJson, readError, waitFor } from "./helpers";

// Each test file runs in its own runtime, so the RegionHealth and Control objects start empty here, and
// the tests below run in order: the first sees nothing measured yet.

interface LatencyEntry {
  caller_region: string;
  samples: number;
  first_byte_ms: number | null;
  error_rate: number;
  age_seconds: number;
  stale: boolean;
}

interface TargetEntry {
  target: string;
  provider: string;
  provider_kind: string;
  region: string;
  upstream_model: string;
  models: string[];
  api_key_secret: { name: string; set: boolean } | null;
  status: string;
  kill_switch: { scope: string; id: string | null; reason: string } | null;
  circuit: { state: string; open_until: string | null; failure_threshold: number; cooldown_seconds: number };
  latency: LatencyEntry[];
  unread: unknown[];
}

interface HealthAnswer {
  object: string;
  status: string;
  stale_after_seconds: number;
  caller_regions: Array<{ region: string; read: boolean }>;
  unread: unknown[];
  providers: Array<{ provider: string; targets_up: number; targets_total: number }>;
  targets: TargetEntry[];
}

async function health(query = ""): Promise<HealthAnswer> {
  const response = await adminCall("GET", `/v1/admin/health${query}`, bootstrapKey);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as HealthAnswer;
}

async function targetNow(target: string): Promise<TargetEntry> {
  const [entry] = (await health(`?target=${target}`)).targets;
  if (!entry) throw new Error(`no ${target} in the answer`);
  return entry;
}

const testConfig = () => testGatewayConfig(inject("simulatorOrigin"));

/** The routed targets of a provider in the test config, by name. */
function routedTargetsOf(provider: string): string[] {
  const config = testConfig();
  const routed = new Set(Object.values(config.models).flatMap((model) => model.targets));
  return Object.entries(config.targets)
    .filter(([name, target]) => target.provider === provider && routed.has(name))
    .map(([name]) => name)
    .sort((a, b) => a.localeCompare(b));
}

const chat = (model: string, content: string) => ({ model, max_tokens: 5, messages: [{ role: "user", content }] });
const inEurope = { country: "DE", continent: "EU" } as const;

async function pullSwitch(scope: string, id: string, reason: string): Promise<void> {
  const response = await adminCall("PUT", "/v1/admin/kill-switches", bootstrapKey, { scope, id, reason });
  expect(response.status, await response.text()).toBe(200);
}

const pulled: Array<[string, string]> = [];
afterEach(async () => {
  for (const [scope, id] of pulled.splice(0)) await (await adminCall("DELETE", `/v1/admin/kill-switches/${scope}/${id}`, bootstrapKey)).text();
  vi.restoreAllMocks();
});

describe("GET /v1/admin/health", () => {
  it("lists every routed target with what the config says of it and nothing measured yet, and never a secret's value", async () => {
    const config = testConfig();
    const routed = [...new Set(Object.values(config.models).flatMap((model) => model.targets))].sort((a, b) => a.localeCompare(b));
    const response = await adminCall("GET", "/v1/admin/health", bootstrapKey);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(simulatorTestKey);
    expect(text).not.toContain("sk-provider-wrong-key-SECRET");

    const answer = JSON.parse(text) as HealthAnswer;
    expect(answer).toMatchObject({ object: "health", status: "ok", stale_after_seconds: staleScoreMs / 1000, unread: [] });
    expect(answer.caller_regions).toEqual(["ap", "eu", "unknown", "us"].map((region) => ({ region, read: true, problem: null })));
    expect(answer.targets.map((entry) => entry.target)).toEqual(routed);
    for (const entry of answer.targets) {
      expect(entry).toMatchObject({ status: "up", kill_switch: null, latency: [], unread: [], circuit: { state: "closed", open_until: null } });
    }
    const miniEu = answer.targets.find((entry) => entry.target === "mini-eu");
    expect(miniEu).toMatchObject({
      provider: "sim-eu",
      provider_kind: "openai",
      region: "eu",
      upstream_model: "gpt-4o-mini",
      models: Object.entries(config.models).flatMap(([name, model]) => (model.targets.includes("mini-eu") ? [name] : [])),
      api_key_secret: { name: "SIMULATOR_API_KEY", set: true },
      circuit: { failure_threshold: 1000, cooldown_seconds: 1 },
    });
    expect(answer.targets.find((entry) => entry.target === "mini-unset-key")?.api_key_secret).toEqual({ name: "UNSET_PROVIDER_KEY", set: false });
    expect(answer.targets.find((entry) => entry.target === "mini-dead")?.api_key_secret).toBeNull();
    expect(answer.targets.find((entry) => entry.target === "breaker-eu")?.circuit).toMatchObject({ failure_threshold: 2, cooldown_seconds: 1 });
    for (const provider of answer.providers) expect(provider.targets_up).toBe(provider.targets_total);
    const simUs = routedTargetsOf("sim-us").length;
    expect(answer.providers.find((provider) => provider.provider === "sim-us")).toMatchObject({ targets_up: simUs, targets_total: simUs });
  });

  it("shows the latency a caller region measured once requests went through the gateway", async () => {
    const key = await mintKey();
    for (const turn of ["one", "two"]) {
      const response = await postJson("/v1/chat/completions", key, chat("gpt-4o-mini", `health ${turn}`), {}, inEurope);
      expect(response.status).toBe(200);
      await response.text();
      // Past the test config's sync interval (50 ms), so each request shares its sample.
      await new Promise((resolve) => setTimeout(resolve, 80));
    }
    // Shared with the region's object under `waitUntil`, once the answer has gone out.
    const entry = await waitFor(async () => {
      const target = await targetNow("mini-us");
      return target.latency.some((score) => score.samples >= 2) ? target : undefined;
    });
    expect(entry.latency).toHaveLength(1);
    const [score] = entry.latency;
    expect(score).toMatchObject({ caller_region: "eu", samples: 2, error_rate: 0, stale: false });
    expect(score?.first_byte_ms).toBeGreaterThan(0);
    expect(score?.age_seconds).toBeLessThan(60);
    expect((await targetNow("mini-eu")).latency).toEqual([]);
  });

  it("marks a score older than the staleness bound as stale", async () => {
    const stub = env.REGION_HEALTH.get(env.REGION_HEALTH.idFromName("ap"));
    await stub.report({ samples: [{ target: "trio-1", ok: true, firstByteMs: 40, totalMs: 80 }], circuits: [] });
    const longAgo = Date.now() - staleScoreMs - 60_000;
    await runInDurableObject(stub, (_, state) => {
      const row = state.storage.sql.exec<{ score: string }>("SELECT score FROM target_scores WHERE target = 'trio-1'").one();
      const score = { ...(JSON.parse(row.score) as Record<string, unknown>), updatedAt: longAgo };
      state.storage.sql.exec("UPDATE target_scores SET score = ?, updated_at = ? WHERE target = 'trio-1'", JSON.stringify(score), longAgo);
    });
    const [score] = (await targetNow("trio-1")).latency;
    expect(score).toMatchObject({ caller_region: "ap", samples: 1, first_byte_ms: 40, stale: true });
    expect(score?.age_seconds).toBeGreaterThan(staleScoreMs / 1000);
  });

  it("shows a circuit open once its provider failed, and counts the target down", async () => {
    // A 429 with Retry-After opens the circuit at once, for as long as it asks.
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("claude-429", "[[sim status=429 retry_after=30]] health"));
    expect(response.status).toBe(429);
    await response.text();
    const openedBefore = Date.now();
    const entry = await waitFor(async () => {
      const target = await targetNow("claude-us-429");
      if (target.circuit.state === "open") return target;
      // A change is shared at the next sync; a request in the same region brings it about.
      await (await postJson("/v1/chat/completions", await mintKey(), chat("claude-sonnet", "health sync"))).text();
      return undefined;
    });
    expect(entry.status).toBe("down");
    expect(Date.parse(entry.circuit.open_until ?? "")).toBeGreaterThan(openedBefore + 20_000);
    expect(entry.latency).toEqual([expect.objectContaining({ caller_region: "unknown", samples: 1, first_byte_ms: null, error_rate: 1 })]);

    const answer = await health("?provider=sim-anthropic");
    expect(answer.status).toBe("degraded");
    const [anthropic] = answer.providers;
    const total = routedTargetsOf("sim-anthropic").length;
    expect(anthropic).toMatchObject({ provider: "sim-anthropic", targets_up: total - 1, targets_total: total });
  });

  it("shows a provider's kill switch on each of its targets, and a target's on that target only", async () => {
    captureLogLines();
    await pullSwitch("provider", "sim-gemini", "incident 7: gemini leaks");
    pulled.push(["provider", "sim-gemini"]);
    await pullSwitch("target", "azure-mini-eu", "incident 8");
    pulled.push(["target", "azure-mini-eu"]);

    const gemini = await health("?provider=sim-gemini");
    expect(gemini.targets.map((entry) => entry.target)).toEqual(routedTargetsOf("sim-gemini"));
    for (const entry of gemini.targets) {
      expect(entry).toMatchObject({ status: "disabled", kill_switch: { scope: "provider", id: "sim-gemini", reason: "incident 7: gemini leaks" } });
    }
    expect(gemini.providers).toEqual([expect.objectContaining({ provider: "sim-gemini", targets_up: 0, targets_total: gemini.targets.length })]);
    expect(gemini.status).toBe("down");

    const azure = await health("?provider=sim-azure");
    expect(azure.targets.map((entry) => [entry.target, entry.status, entry.kill_switch?.reason ?? null])).toEqual(
      routedTargetsOf("sim-azure").map((target) => (target === "azure-mini-eu" ? [target, "disabled", "incident 8"] : [target, "up", null])),
    );
  });

  it("filters by provider and by target, and answers 404 for a name the config does not route to", async () => {
    const simUs = await health("?provider=sim-us");
    expect(simUs.targets.map((entry) => entry.target)).toEqual(routedTargetsOf("sim-us"));
    expect(simUs.targets.length).toBeGreaterThan(1);
    expect(simUs.providers.map((provider) => provider.provider)).toEqual(["sim-us"]);
    expect((await health("?target=mini-eu")).targets.map((entry) => entry.target)).toEqual(["mini-eu"]);
    expect((await health("?provider=sim-eu&target=mini-eu")).targets).toHaveLength(1);
    expect((await health("?provider=sim-us&target=mini-eu")).targets).toEqual([]);

    for (const [query, filter] of [["?provider=no-such-provider", "provider"], ["?target=no-such-target", "target"], ["?provider=sim-us&target=no-such-target", "target"]] as const) {
      const response = await adminCall("GET", `/v1/admin/health${query}`, bootstrapKey);
      expect(response.status).toBe(404);
      const { error } = await readError(response);
      expect(error).toMatchObject({ type: "invalid_request_error", code: `${filter}_not_found`, param: filter });
      expect(error.message).toContain("no-such-");
    }
  });

  it("is for admins only", async () => {
    for (const role of ["app", "auditor"] as const) {
      const response = await adminCall("GET", "/v1/admin/health", await mintKey({ role }));
      expect(response.status).toBe(403);
      expect((await readError(response)).error.code).toBe("insufficient_role");
    }
    expect((await adminCall("GET", "/v1/admin/health", await mintKey({ role: "admin" }))).status).toBe(200);
  });

  it("says which state it could not read, on every target, rather than failing", async () => {
    const config = loadConfig(env);
    const targets = routedTargets(config).filter(({ candidate }) => candidate.provider === "sim-eu");
    const sources = await readHealthSources({ ...env, REGION_HEALTH: undefined }, config, "req-test");
    const unread = unreadSources(sources);
    expect(unread).toEqual(["ap", "eu", "unknown", "us"].map((region) => ({ source: "region_health", region, problem: "not_bound" })));
    const views = targetHealth(env, targets, sources, Date.now());
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) expect(view).toMatchObject({ status: "unknown", unread, circuit: { state: "closed" }, latency: [] });
    expect(overallStatus(views, unread)).toBe("unknown");

    // One region missing: the others still count, and every target says which one is missing.
    const read = await readHealthSources(env, config, "req-test");
    const euFailed = { region: "eu", snapshot: null, problem: "read_failed" as const };
    const partly = { ...read, regions: read.regions.map((region) => (region.region === "eu" ? euFailed : region)) };
    const partial = targetHealth(env, targets, partly, Date.now());
    for (const view of partial) expect(view.unread).toEqual([{ source: "region_health", region: "eu", problem: "read_failed" }]);
    expect(overallStatus(partial, unreadSources(partly))).toBe("degraded");
  });
});
