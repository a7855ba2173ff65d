import { adminBootstrapTestKey, simulatorTestKey } from "./constants.ts";
import { testGatewayConfig } from "./test-config.ts";

/** Variables and secrets the Worker under test receives (KV comes from wrangler.toml). */
export function workerTestBindings(simulatorOrigin: string): Record<string, string> {
  return {
    SWITCHBOARD_CONFIG: JSON.stringify(testGatewayConfig(simulatorOrigin)),
    SIMULATOR_API_KEY: simulatorTestKey,
    ADMIN_BOOTSTRAP_KEY: adminBootstrapTestKey,
    WRONG_PROVIDER_KEY: "sk-provider-wrong-key-SECRET",
  };
}
