import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfig } from "../../src/config/runtime-config";
import type { GatewayConfigInput } from "../../src/config/schema";
import { validateConfig, validateConfigText } from "../../src/config/validate";
import { loadConfigFile, resolvePlaceholders } from "../../scripts/lib/config-file";

const root = resolve(import.meta.dirname, "../..");

const exampleProvider = { kind: "openai", baseUrl: "https://api.example.com/v1", apiKeySecret: "EXAMPLE_KEY", region: "eu" } as const;

function base(): GatewayConfigInput {
  return {
    version: 1,
    providers: { p: { ...exampleProvider } },
    targets: { t: { provider: "p", model: "upstream-model" } },
    models: { m: { targets: ["t"] } },
  };
}

function problemsOf(config: unknown): readonly string[] {
  const result = validateConfig(config);
  return result.ok ? [] : result.problems;
}

describe("config validation names the field and why", () => {
  it("accepts the bundled and dev configs", async () => {
    for (const file of ["config/switchboard.json", "config/dev.json"]) {
      const result = await loadConfigFile(join(root, file), { SIMULATOR_ORIGIN: "http://127.0.0.1:1234" });
      expect(result.ok, file).toBe(true);
    }
  });

  it("fills defaults for the gateway settings and model type", () => {
    const result = validateConfig(base());
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.gateway).toEqual({ maxBodyBytes: 4 * 1024 * 1024, keyCacheTtlSeconds: 5, firstByteTimeoutMs: 30_000, totalTimeoutMs: 600_000, streamIdleTimeoutMs: 60_000, currency: "USD" });
    expect(result.config.models.m?.type).toBe("chat");
    expect(result.config.models.m?.strategy).toBe("latency");
    expect(result.config.routing.latency).toEqual({ explorationShare: 0.05, proximityPenaltyMs: 50, syncIntervalSeconds: 10 });
    expect(result.config.limits).toEqual({ policyCacheTtlSeconds: 5, defaultOutputTokens: 4096, timeoutMs: 1000 });
    expect(result.config.tenants).toEqual({});
  });

  it("makes a tenant fail closed unless its policy says open", () => {
    const result = validateConfig({ ...base(), tenants: { acme: { limits: { spendPerDay: 5 } }, beta: { failMode: "open" } } });
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.tenants.acme?.failMode).toBe("closed");
    expect(result.config.tenants.beta?.failMode).toBe("open");
  });

  it("accepts an idle limit of 0, which passes streams through natively", () => {
    const config = base();
    Object.assign(config, { gateway: { streamIdleTimeoutMs: 0 } });
    expect(problemsOf(config)).toEqual([]);
  });

  it.each<[string, (config: GatewayConfigInput) => void, string]>([
    ["an unknown provider kind", (c) => Object.assign(c.providers, { p: { kind: "telepathy", region: "eu" } }), "providers.p.kind"],
    ["a base URL that is not a URL", (c) => Object.assign(c.providers, { p: { ...exampleProvider, baseUrl: "api.example.com" } }), "providers.p.baseUrl: must be an absolute http(s) URL"],
    ["a lower-case secret name", (c) => Object.assign(c.providers, { p: { ...exampleProvider, apiKeySecret: "my_key" } }), "providers.p.apiKeySecret: must be an upper-case environment variable name"],
    ["a credential in headers", (c) => Object.assign(c.providers, { p: { ...exampleProvider, headers: { Authorization: "Bearer x" } } }), "must not carry credentials"],
    ["a target naming an unknown provider", (c) => Object.assign(c.targets, { t: { provider: "q", model: "x" } }), 'targets.t.provider: unknown provider "q"'],
    ["a model naming an unknown target", (c) => Object.assign(c.models, { m: { targets: ["t", "u"] } }), 'models.m.targets[1]: unknown target "u"'],
    ["a model with no targets", (c) => Object.assign(c.models, { m: { targets: [] } }), "models.m.targets"],
    ["an upper-case provider name", (c) => Object.assign(c.providers, { BAD: c.providers.p }), "providers.BAD"],
    ["a timeout out of range", (c) => Object.assign(c, { gateway: { firstByteTimeoutMs: 5 } }), "gateway.firstByteTimeoutMs"],
    ["a wrong version", (c) => Object.assign(c, { version: 2 }), "version"],
    ["a weight for a target the model does not have", (c) => Object.assign(c.models, { m: { targets: ["t"], strategy: "weighted", weights: { u: 2 } } }), 'models.m.weights.u: "u" is not one of this model\'s targets'],
    ["a continent in two regions", (c) => Object.assign(c, { routing: { regions: { eu: { continents: ["EU"] }, us: { continents: ["EU"] } }, defaultRegion: "us" } }), 'routing.regions.us.continents: "EU" is already in region "eu"'],
    ["a default region that is not a region", (c) => Object.assign(c, { routing: { defaultRegion: "mars" } }), 'routing.defaultRegion: unknown region "mars"'],
    ["a country code that is not one", (c) => Object.assign(c, { routing: { regions: { eu: { countries: ["Germany"] } }, defaultRegion: "eu" } }), "routing.regions.eu.countries[0]"],
    ["a near region that is not a region", (c) => Object.assign(c, { routing: { regions: { eu: { near: ["mars"] } }, defaultRegion: "eu" } }), 'routing.regions.eu.near: unknown region "mars"'],
    ["a region near itself", (c) => Object.assign(c, { routing: { regions: { eu: { near: ["eu"] } }, defaultRegion: "eu" } }), "routing.regions.eu.near: a region is not near itself"],
    ["an exploration share above a half", (c) => Object.assign(c.models, { m: { targets: ["t"], explorationShare: 0.9 } }), "models.m.explorationShare"],
    ["an idle limit between 0 and 100 ms", (c) => Object.assign(c.targets, { t: { provider: "p", model: "x", timeouts: { idleMs: 50 } } }), "targets.t.timeouts.idleMs: must be 0 (no idle limit) or from 100 to 600000"],
    ["a tenant limit below 1", (c) => Object.assign(c, { tenants: { acme: { limits: { requestsPerMinute: 0 } } } }), "tenants.acme.limits.requestsPerMinute: must be at least 1"],
    ["a fractional token limit on a model", (c) => Object.assign(c, { tenants: { acme: { limits: { models: { m: { tokensPerMinute: 2.5 } } } } } }), "tenants.acme.limits.models.m.tokensPerMinute: must be a whole number"],
    ["a fail mode that is not one", (c) => Object.assign(c, { tenants: { acme: { failMode: "maybe" } } }), "tenants.acme.failMode"],
    ["a session limit out of range", (c) => Object.assign(c, { sessions: { maxMessages: 1 } }), "sessions.maxMessages"],
    ["a limiter timeout out of range", (c) => Object.assign(c, { limits: { timeoutMs: 0 } }), "limits.timeoutMs"],
  ])("rejects %s", (_name, mutate, expected) => {
    const config = base();
    mutate(config);
    const problems = problemsOf(config);
    expect(problems.join("\n")).toContain(expected);
  });

  it("reports JSON syntax errors as such", () => {
    const result = validateConfigText("{ nope");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toContain("not valid JSON");
  });
});

describe("placeholders in config files", () => {
  it("replaces the names the launcher defines", () => {
    const result = resolvePlaceholders('{"u":"${SIMULATOR_ORIGIN}/v1"}', { SIMULATOR_ORIGIN: "http://127.0.0.1:5" });
    expect(result).toEqual({ ok: true, json: '{"u":"http://127.0.0.1:5/v1"}' });
  });

  it("refuses names it does not define instead of leaving them in", () => {
    const result = resolvePlaceholders('{"u":"${OTHER}"}', { SIMULATOR_ORIGIN: "x" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toContain("${OTHER}");
  });
});

describe("compileConfig", () => {
  it("turns each model's target list into ordered candidates with their provider's facts", () => {
    const config = base();
    config.providers.q = { kind: "openai", baseUrl: "http://localhost:11434/v1", region: "local" };
    config.targets.u = { provider: "q", model: "llama3" };
    config.models.m = { targets: ["u", "t"] };
    const result = validateConfig(config);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const route = compileConfig(result.config).models.get("m");
    expect(route?.candidates.map((c) => [c.target, c.provider, c.region, c.upstreamModel, c.apiKeySecret])).toEqual([
      ["u", "q", "local", "llama3", null],
      ["t", "p", "eu", "upstream-model", "EXAMPLE_KEY"],
    ]);
  });
});
