/**
 * Whether a key's `revokedAt` is in force at `nowMs`. A revocation may be scheduled (a rotation's
 * grace period), so it counts from its time on; a time that does not parse counts as revoked.
 */
export function isRevokedAt(revokedAt: string | null | undefined, nowMs: number): boolean {
  if (!revokedAt) return false;
  const at = Date.parse(revokedAt);
  return Number.isNaN(at) || at <= nowMs;
}
