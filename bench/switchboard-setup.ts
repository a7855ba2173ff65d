import type { Miniflare } from "miniflare";
import type { GatewayConfigInput } from "../src/config/schema";
import { generateApiKey, hashApiKey, keyRecordKey } from "../src/governance/api-key";
import type { KeyRecord } from "../src/schemas/key-record";
import { benchUpstreams } from "./upstreams";

/** The public model of the pass-through route (and of `/v1/messages` calls, served by the same upstream). */
export const benchModel = benchUpstreams.openai.model;
/** Public models served by translating upstreams; named as their upstream names them. */
export const anthropicModel = benchUpstreams.anthropic.model;
export const geminiModel = benchUpstreams.gemini.model;

/** The gateway provider names, as `x-switchboard-provider` reports them. */
export const benchProviders = { openai: "sim", anthropic: "sim-anthropic", gemini: "sim-gemini" } as const;

/** The secret the bench config names for the provider key (bound like a `wrangler secret`). */
export const providerKeySecret = "SIMULATOR_API_KEY";

/**
 * One provider per wire format (the zero-latency simulator's), one target and one public chat
 * model each; defaults elsewhere. The pass-through route is the same as before translation existed.
 */
export function benchGatewayConfig(simulatorOrigin: string, streamIdleMs: number | null = null): GatewayConfigInput {
  const { openai, anthropic, gemini } = benchUpstreams;
  const common = { apiKeySecret: providerKeySecret, region: "us" };
  return {
    version: 1,
    ...(streamIdleMs === null ? {} : { gateway: { streamIdleTimeoutMs: streamIdleMs } }),
    providers: {
      [benchProviders.openai]: { kind: "openai", baseUrl: `${simulatorOrigin}/${openai.name}/v1`, ...common },
      [benchProviders.anthropic]: { kind: "anthropic", baseUrl: `${simulatorOrigin}/${anthropic.name}`, ...common },
      [benchProviders.gemini]: { kind: "gemini", baseUrl: `${simulatorOrigin}/${gemini.name}/v1beta`, ...common },
    },
    targets: {
      "sim-mini": { provider: benchProviders.openai, model: openai.model },
      "sim-claude": { provider: benchProviders.anthropic, model: anthropic.model },
      "sim-gemini-flash": { provider: benchProviders.gemini, model: gemini.model },
    },
    models: {
      [benchModel]: { targets: ["sim-mini"] },
      [anthropicModel]: { targets: ["sim-claude"] },
      [geminiModel]: { targets: ["sim-gemini-flash"] },
    },
  };
}

/**
 * Mints a fresh app key and stores its record in the Worker's KV, as an operator would; `overrides`
 * change the record (another key id, a jurisdiction pin, ...).
 */
export async function seedAppKey(miniflare: Miniflare, overrides: Partial<KeyRecord> = {}): Promise<string> {
  const key = generateApiKey();
  const record: KeyRecord = { keyId: "bench-key", tenantId: "bench", role: "app", createdAt: new Date().toISOString(), ...overrides };
  const kv = await miniflare.getKVNamespace("KEYS");
  await kv.put(keyRecordKey(await hashApiKey(key)), JSON.stringify(record));
  return key;
}
