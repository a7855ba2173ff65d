/** The key the test simulator accepts; the gateway holds it as the SIMULATOR_API_KEY secret. */
export const simulatorTestKey = "sim-test-provider-key";
