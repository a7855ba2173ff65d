/** The key the test simulator accepts; the gateway holds it as the SIMULATOR_API_KEY secret. */
export const simulatorTestKey = "sim-test-provider-key";

/** The bootstrap admin credential the Worker under test holds as the ADMIN_BOOTSTRAP_KEY secret (at least 32 characters). */
export const adminBootstrapTestKey = "bootstrap-admin-test-credential-0123456789";
