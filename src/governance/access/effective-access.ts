import type { AccessPolicy, DataPolicy } from "../../schemas/access-policy";

/** A key's side of narrowing: its `access`, and the older top-level fields of its record. */
export interface KeyAccess {
  readonly access?: AccessPolicy | undefined;
  readonly jurisdiction?: string | null | undefined;
  readonly requiredDataPolicies?: readonly DataPolicy[] | undefined;
}

/** What a request may use once the tenant's policy is narrowed by its key's. `null` means unrestricted. */
export interface EffectiveAccess {
  readonly models: readonly string[] | null;
  readonly providers: readonly string[] | null;
  readonly tools: readonly string[] | null;
  readonly maxTokens: number | null;
  readonly jurisdiction: string | null;
  readonly requiredDataPolicies: readonly DataPolicy[];
  /**
   * Set when the tenant and the key (or the key's two jurisdiction fields) name different
   * jurisdictions: honouring either would widen the other, so the key may not be served at all.
   */
  readonly conflictingJurisdictions: readonly string[] | null;
}

function intersect(tenant: readonly string[] | undefined, key: readonly string[] | undefined): readonly string[] | null {
  if (tenant === undefined) return key ?? null;
  if (key === undefined) return tenant;
  return tenant.filter((name) => key.includes(name));
}

function minimum(tenant: number | undefined, key: number | undefined): number | null {
  if (tenant === undefined) return key ?? null;
  return key === undefined ? tenant : Math.min(tenant, key);
}

/**
 * The tenant's access narrowed by its key's: allow-lists intersect, the token ceiling is the lower,
 * required data policies add up, and a jurisdiction set on either side binds. A key can only narrow.
 */
export function narrow(tenant: AccessPolicy, key: KeyAccess): EffectiveAccess {
  const own = key.access ?? {};
  const jurisdictions = [tenant.jurisdiction, own.jurisdiction, key.jurisdiction].filter((value): value is string => typeof value === "string");
  const distinctJurisdictions = [...new Set(jurisdictions)];
  return {
    models: intersect(tenant.models, own.models),
    providers: intersect(tenant.providers, own.providers),
    tools: intersect(tenant.tools, own.tools),
    maxTokens: minimum(tenant.maxTokens, own.maxTokens),
    jurisdiction: jurisdictions[0] ?? null,
    requiredDataPolicies: [...new Set([...(tenant.requiredDataPolicies ?? []), ...(own.requiredDataPolicies ?? []), ...(key.requiredDataPolicies ?? [])])],
    conflictingJurisdictions: distinctJurisdictions.length > 1 ? distinctJurisdictions : null,
  };
}

/** Whether `name` is on an allow-list (`null`: no list, everything is). */
export function isAllowed(allowList: readonly string[] | null, name: string): boolean {
  return allowList === null || allowList.includes(name);
}
