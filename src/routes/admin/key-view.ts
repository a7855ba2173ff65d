import { isRevokedAt } from "../../governance/revocation";
import type { KeyRecord } from "../../schemas/key-record";

/** How the admin API shows a key: its record's settings and state, never the key or its hash. */
export function keyView(record: KeyRecord, nowMs: number = Date.now()) {
  return {
    object: "api_key",
    keyId: record.keyId,
    tenantId: record.tenantId,
    role: record.role,
    name: record.name ?? null,
    status: keyStatus(record.revokedAt, nowMs),
    createdAt: record.createdAt,
    revokedAt: record.revokedAt ?? null,
    jurisdiction: record.jurisdiction ?? null,
    allowProviderOverride: record.allowProviderOverride === true,
    requiredDataPolicies: record.requiredDataPolicies ?? [],
    limits: record.limits ?? null,
    access: record.access ?? null,
  } as const;
}

/** `revoking`: a rotation's grace period, the key still works until `revokedAt`. */
function keyStatus(revokedAt: string | null | undefined, nowMs: number): "active" | "revoking" | "revoked" {
  if (!revokedAt) return "active";
  return isRevokedAt(revokedAt, nowMs) ? "revoked" : "revoking";
}
