import type { KeyRecord } from "../../src/schemas/key-record";

/** The documented local-only key `npm start` seeds; never valid anywhere it was not seeded. */
export const defaultDevKey = "sk-sb-dev-local-only-0000000000000000000000";

export const devKeyRecord: KeyRecord = {
  keyId: "dev-key",
  tenantId: "dev",
  role: "app",
  name: "local development key seeded by npm start",
  createdAt: "2026-01-01T00:00:00.000Z",
};

/**
 * The documented local-only admin credential `npm start` passes as its ADMIN_BOOTSTRAP_KEY, so the admin
 * API can be tried at once (docs/operations.md). A deployment sets its own secret, or none.
 */
export const defaultDevAdminKey = "sb-dev-admin-local-only-00000000000000000000";
