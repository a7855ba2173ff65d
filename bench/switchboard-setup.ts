import type { Miniflare } from "miniflare";
import type { GatewayConfigInput } from "../src/config/schema";
import { generateApiKey, hashApiKey, keyRecordKey } from "../src/governance/api-key";
import type { KeyRecord } from "../src/schemas/key-record";

/** The public model every bench request asks for. */
export const benchModel = "gpt-4o-mini";

/** The secret the bench config names for the provider key (bound like a `wrangler secret`). */
export const providerKeySecret = "SIMULATOR_API_KEY";

/** One provider (the zero-latency simulator), one target, one public chat model; defaults elsewhere. */
export function benchGatewayConfig(simulatorBaseUrl: string): GatewayConfigInput {
  return {
    version: 1,
    providers: {
      sim: { kind: "openai", baseUrl: simulatorBaseUrl, apiKeySecret: providerKeySecret, region: "us" },
    },
    targets: { "sim-mini": { provider: "sim", model: benchModel } },
    models: { [benchModel]: { targets: ["sim-mini"] } },
  };
}

/** Mints a fresh app key and stores its record in the Worker's KV, as an operator would. */
export async function seedAppKey(miniflare: Miniflare): Promise<string> {
  const key = generateApiKey();
  const record: KeyRecord = { keyId: "bench-key", tenantId: "bench", role: "app", createdAt: new Date().toISOString() };
  const kv = await miniflare.getKVNamespace("KEYS");
  await kv.put(keyRecordKey(await hashApiKey(key)), JSON.stringify(record));
  return key;
}
