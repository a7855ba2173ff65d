import { defaultLimitSettings, defaultAuditSettings, defaultSessionSettings } from "../config/state-schema";
import { defaultGovernanceSettings } from "../config/governance-schema";
import { describe, expect, it } from "vitest";
import type { Candidate, ModelRoute, RuntimeConfig } from "../config/runtime-config";
import { GatewayError } from "../errors/gateway-error";
import { openaiProvider } from "../providers/openai";
import { defaultRoutingSettings } from "../config/routing-schema";
import { compileRegionMap } from "./caller-region";
import { capableCandidates, resolveRoute } from "./resolve-route";

const adapter = openaiProvider.createAdapter({ kind: "openai", baseUrl: "https://example.com/v1", region: "us" });
const all = adapter.capabilities;
const noTools = { ...all, tools: false };

function candidate(target: string, capabilities = all): Candidate {
  return { target, provider: "p", providerKind: "openai", region: "us", upstreamModel: "m", apiKeySecret: null, adapter, capabilities, pricing: null, jurisdiction: null, dataPolicies: [], timeouts: { firstByteMs: 1000, totalMs: 5000, idleMs: 1000 }, breaker: { failureThreshold: 5, cooldownMs: 1000 } };
}

function route(candidates: Candidate[], type: ModelRoute["type"] = "chat"): ModelRoute {
  return { name: "model-a", type, ownedBy: "switchboard", candidates, retry: defaultRoutingSettings.retry, strategy: "ordered", explorationShare: 0, weights: new Map() };
}

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error.reason.kind;
  }
  return "no error";
}

describe("capableCandidates", () => {
  it("keeps only the targets that have every capability the request needs, in order", () => {
    const kept = capableCandidates(route([candidate("a", noTools), candidate("b"), candidate("c")]), ["chat", "tools"]);
    expect(kept.map((c) => c.target)).toEqual(["b", "c"]);
  });

  it("refuses with a 400 naming the capability when no target has it", () => {
    const only = route([candidate("a", noTools)]);
    expect(reasonOf(() => capableCandidates(only, ["chat", "tools"]))).toBe("invalid_request");
    try {
      capableCandidates(only, ["chat", "tools"]);
    } catch (error) {
      expect(error instanceof GatewayError && error.reason.kind === "invalid_request" && error.reason.message).toContain("tools");
    }
  });
});

describe("resolveRoute", () => {
  const config: RuntimeConfig = {
    settings: { maxBodyBytes: 1024, keyCacheTtlSeconds: 5, firstByteTimeoutMs: 1000, totalTimeoutMs: 5000, streamIdleTimeoutMs: 1000, currency: "USD" },
    regions: compileRegionMap(defaultRoutingSettings),
    latency: defaultRoutingSettings.latency,
    models: new Map([["model-a", route([candidate("a")])]]),
    limits: defaultLimitSettings,
    sessions: defaultSessionSettings,
    audit: defaultAuditSettings,
    governance: defaultGovernanceSettings,
    tenants: new Map(),
  };

  it("finds a model on its own endpoint and refuses it on the other", () => {
    expect(resolveRoute(config, "model-a", "chat").name).toBe("model-a");
    expect(reasonOf(() => resolveRoute(config, "model-a", "embeddings"))).toBe("model_wrong_endpoint");
    expect(reasonOf(() => resolveRoute(config, "missing", "chat"))).toBe("model_not_found");
  });
});
