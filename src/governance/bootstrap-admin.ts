import type { Principal } from "./principal";

/** Who the bootstrap credential (`ADMIN_BOOTSTRAP_KEY`) acts as: an admin of no tenant. */
export const bootstrapAdminPrincipal: Principal = {
  tenantId: "_admin",
  keyId: "bootstrap",
  role: "admin",
  jurisdiction: null,
  requiredDataPolicies: [],
  allowProviderOverride: false,
  limits: undefined,
};

/** Shorter secrets are ignored, so a placeholder or a guessable value never opens the admin API. */
export const minimumBootstrapKeyLength = 32;

async function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/**
 * Whether `presented` is the bootstrap secret. Both are hashed first and the digests compared in
 * constant time, so the time taken reveals neither the secret's length nor how much of it matched.
 */
export async function isBootstrapAdminKey(secret: string | undefined, presented: string): Promise<boolean> {
  if (secret === undefined || secret.length < minimumBootstrapKeyLength) return false;
  const [expected, actual] = await Promise.all([sha256(secret), sha256(presented)]);
  return crypto.subtle.timingSafeEqual(expected, actual);
}
