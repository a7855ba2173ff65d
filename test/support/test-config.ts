import type { GatewayConfigInput } from "../../src/config/schema";

/**
 * The gateway config the Worker tests run with: the simulated providers of `config/dev.json` plus
 * providers built to fail in each way the gateway must handle.
 */
export function testGatewayConfig(simulatorOrigin: string): GatewayConfigInput {
  const sim = (path: string, apiKeySecret: string | undefined = "SIMULATOR_API_KEY") => ({
    kind: "openai" as const,
    baseUrl: `${simulatorOrigin}/${path}/v1`,
    region: path === "openai-eu" ? "eu" : "us",
    ...(apiKeySecret ? { apiKeySecret } : {}),
  });
  return {
    version: 1,
    gateway: { maxBodyBytes: 64 * 1024, keyCacheTtlSeconds: 5, firstByteTimeoutMs: 1500, currency: "EUR" },
    // Lenient breakers, so tests that fail targets on purpose do not open circuits for each other;
    // circuit-breaker.test.ts uses a target with its own strict ones.
    // Scores are shared with the region's Durable Object after nearly every request, so tests exercise it.
    // A tenant whose policy is config as code (limits.test.ts); other tests write theirs to KV.
    tenants: { "tenant-configured": { limits: { requestsPerMinute: 2 } } },
    routing: { circuitBreaker: { failureThreshold: 1000, cooldownSeconds: 1 }, latency: { syncIntervalSeconds: 0.05, proximityPenaltyMs: 20 } },
    // Small session limits, so sessions.test.ts can reach them in a few turns.
    sessions: { idleTtlSeconds: 600, maxMessages: 10, maxHistoryBytes: 8192 },
    // Small, so audit-content.test.ts can pass it within the body limit above.
    audit: { maxContentBytes: 8192 },
    // Short, so kill-switches.test.ts shows the propagation bound (TTL + one read) with a short wait.
    governance: { controlCacheTtlSeconds: 1 },
    providers: {
      "sim-us": sim("openai-us"),
      "sim-eu": sim("openai-eu"),
      "sim-ap": { ...sim("openai-ap"), region: "ap" },
      "sim-flaky": sim("flaky"),
      "sim-wrong-key": sim("openai-us", "WRONG_PROVIDER_KEY"),
      "sim-unset-key": sim("openai-us", "UNSET_PROVIDER_KEY"),
      // Port 1 on loopback: nothing listens there, so connecting fails at once.
      "sim-dead": { kind: "openai", baseUrl: "http://127.0.0.1:1/v1", region: "us" },
      "sim-anthropic": { kind: "anthropic", baseUrl: `${simulatorOrigin}/anthropic-us`, apiKeySecret: "SIMULATOR_API_KEY", region: "us" },
      "sim-anthropic-wrong-key": { kind: "anthropic", baseUrl: `${simulatorOrigin}/anthropic-us`, apiKeySecret: "WRONG_PROVIDER_KEY", region: "us" },
      "sim-anthropic-eu": { kind: "anthropic", baseUrl: `${simulatorOrigin}/anthropic-eu`, apiKeySecret: "SIMULATOR_API_KEY", region: "eu" },
      "sim-gemini": { kind: "gemini", baseUrl: `${simulatorOrigin}/gemini-us/v1beta`, apiKeySecret: "SIMULATOR_API_KEY", region: "us" },
      "sim-azure": { kind: "azure", baseUrl: `${simulatorOrigin}/azure-eu`, apiKeySecret: "SIMULATOR_API_KEY", region: "eu" },
      "sim-near-eu": { ...sim("near-eu"), region: "eu" },
      "sim-near-us": { ...sim("near-us"), region: "us" },
      "sim-near-ap": { ...sim("near-ap"), region: "ap" },
      "sim-shift-eu": { ...sim("shift-eu"), region: "eu" },
      "sim-shift-us": { ...sim("shift-us"), region: "us" },
      "sim-trio-1": sim("trio-1"),
      "sim-trio-2": sim("trio-2"),
      "sim-trio-3": sim("trio-3"),
      // The simulated prompt-injection classifier (guardrails-classifier.test.ts sets its faults).
      "sim-prompt-guard": sim("prompt-guard"),
      // The Workers AI binding is a stand-in in tests (test/support/workers-ai-standin.js).
      "workers-ai": { kind: "workers-ai", region: "us" },
    },
    targets: {
      "mini-us": { provider: "sim-us", model: "gpt-4o-mini", pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6 }, jurisdiction: "us" },
      "mini-eu": { provider: "sim-eu", model: "gpt-4o-mini", jurisdiction: "eu", dataPolicies: ["no-training", "zero-retention"] },
      "flaky-eu": { provider: "sim-flaky", model: "gpt-4o-mini", jurisdiction: "eu" },
      "mini-flaky": { provider: "sim-flaky", model: "gpt-4o-mini" },
      "mini-wrong-key": { provider: "sim-wrong-key", model: "gpt-4o-mini" },
      "mini-unset-key": { provider: "sim-unset-key", model: "gpt-4o-mini" },
      "mini-dead": { provider: "sim-dead", model: "gpt-4o-mini" },
      "embed-us": { provider: "sim-us", model: "text-embedding-3-small", jurisdiction: "us" },
      "claude-us": { provider: "sim-anthropic", model: "claude-sonnet-4-5", pricing: { inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3 } },
      "slow-ap": { provider: "sim-ap", model: "gpt-4o-mini", timeouts: { firstByteMs: 300, totalMs: 1200 } },
      "claude-slow": { provider: "sim-anthropic", model: "claude-sonnet-4-5", timeouts: { totalMs: 1200 } },
      "claude-idle": { provider: "sim-anthropic", model: "claude-sonnet-4-5", timeouts: { idleMs: 300, totalMs: 20_000 } },
      "mini-idle": { provider: "sim-us", model: "gpt-4o-mini", timeouts: { idleMs: 300, totalMs: 20_000 } },
      // Separate targets for tests that provoke a 429 with Retry-After, which opens a circuit at once.
      "claude-us-429": { provider: "sim-anthropic", model: "claude-sonnet-4-5" },
      "gemini-flash-us-429": { provider: "sim-gemini", model: "gemini-2.5-flash" },
      "azure-mini-eu-429": { provider: "sim-azure", model: "gpt-4o-mini" },
      "mini-eu-429": { provider: "sim-eu", model: "gpt-4o-mini" },
      "mini-eu-retry": { provider: "sim-eu", model: "gpt-4o-mini" },
      "breaker-eu": { provider: "sim-anthropic-eu", model: "claude-sonnet-4-5", circuitBreaker: { failureThreshold: 2, cooldownSeconds: 1 } },
      "claude-wrong-key": { provider: "sim-anthropic-wrong-key", model: "claude-sonnet-4-5" },
      "gemini-flash-us": { provider: "sim-gemini", model: "gemini-2.5-flash" },
      "gemini-embed-us": { provider: "sim-gemini", model: "gemini-embedding-001" },
      "azure-mini-eu": { provider: "sim-azure", model: "gpt-4o-mini" },
      "azure-embed-eu": { provider: "sim-azure", model: "text-embedding-3-small" },
      "llama-wai": { provider: "workers-ai", model: "@cf/meta/llama-3.1-8b-instruct" },
      "missing-wai": { provider: "workers-ai", model: "@cf/test/missing-model" },
      "bge-wai": { provider: "workers-ai", model: "@cf/baai/bge-base-en-v1.5" },
      "near-eu": { provider: "sim-near-eu", model: "gpt-4o-mini", jurisdiction: "eu" },
      "near-us": { provider: "sim-near-us", model: "gpt-4o-mini", jurisdiction: "us" },
      "near-ap": { provider: "sim-near-ap", model: "gpt-4o-mini", jurisdiction: "ap", capabilities: { tools: false } },
      "shift-eu": { provider: "sim-shift-eu", model: "gpt-4o-mini" },
      "shift-us": { provider: "sim-shift-us", model: "gpt-4o-mini" },
      "trio-1": { provider: "sim-trio-1", model: "gpt-4o-mini" },
      "trio-2": { provider: "sim-trio-2", model: "gpt-4o-mini" },
      "trio-3": { provider: "sim-trio-3", model: "gpt-4o-mini" },
      "mini-us-no-tools": { provider: "sim-us", model: "gpt-4o-mini", capabilities: { tools: false, vision: false } },
      "prompt-guard-us": { provider: "sim-prompt-guard", model: "sim-prompt-guard" },
    },
    models: {
      "gpt-4o-mini": { targets: ["mini-us", "mini-eu"], strategy: "ordered" },
      "eu-only": { targets: ["mini-eu"] },
      "eu-down": { targets: ["mini-us", "flaky-eu"], strategy: "ordered" },
      "failover": { targets: ["mini-flaky", "mini-dead", "mini-unset-key", "mini-eu"], strategy: "ordered" },
      "always-failing": { targets: ["mini-flaky"] },
      "unreachable": { targets: ["mini-dead"] },
      "wrong-key": { targets: ["mini-wrong-key"] },
      "text-embedding-3-small": { type: "embeddings", targets: ["embed-us"] },
      "claude-sonnet": { targets: ["claude-us"] },
      "slow": { targets: ["slow-ap"] },
      "breaker-test": { targets: ["breaker-eu", "mini-us"], strategy: "ordered" },
      "claude-429": { targets: ["claude-us-429"] },
      "gemini-429": { targets: ["gemini-flash-us-429"] },
      "azure-429": { targets: ["azure-mini-eu-429"] },
      "eu-429": { targets: ["mini-eu-429"] },
      "weighted-eu": { targets: ["mini-us", "mini-eu"], strategy: "weighted", weights: { "mini-us": 0, "mini-eu": 5 } },
      "retry-thrice": { targets: ["mini-eu-retry"], retry: { maxAttempts: 3, backoffBaseMs: 20, backoffCapMs: 50 } },
      "retry-budget": { targets: ["mini-eu-retry"], retry: { maxAttempts: 10, budgetMs: 500, backoffBaseMs: 1, backoffCapMs: 1 } },
      "claude-slow": { targets: ["claude-slow"] },
      "claude-idle": { targets: ["claude-idle"] },
      "mini-idle": { targets: ["mini-idle"] },
      "gemini-flash": { targets: ["gemini-flash-us"] },
      "gemini-embedding": { type: "embeddings", targets: ["gemini-embed-us"] },
      "azure-mini": { targets: ["azure-mini-eu"] },
      "azure-embedding": { type: "embeddings", targets: ["azure-embed-eu"] },
      "claude-then-gemini": { targets: ["claude-wrong-key", "gemini-flash-us"], strategy: "ordered" },
      "claude-then-openai": { targets: ["claude-us", "mini-us"], strategy: "ordered" },
      "llama-3.1-8b": { targets: ["llama-wai"] },
      "workers-ai-then-openai": { targets: ["missing-wai", "mini-us"], strategy: "ordered" },
      "bge-base": { type: "embeddings", targets: ["bge-wai"] },
      "no-tools": { targets: ["mini-us-no-tools"] },
      // The default strategy, `latency`: no exploration where a test asserts the nearest target.
      "nearest": { targets: ["near-us", "near-ap", "near-eu"], explorationShare: 0 },
      "shifting": { targets: ["shift-eu", "shift-us"], explorationShare: 0.2 },
      "trio": { targets: ["trio-1", "trio-2", "trio-3"], explorationShare: 0 },
      "injection-classifier": { targets: ["prompt-guard-us"] },
    },
  };
}
