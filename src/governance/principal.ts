import type { AccessPolicy } from "../schemas/access-policy";
import type { DataPolicy, Role } from "../schemas/key-record";
import type { Limits } from "../schemas/limits";

/** Who is calling, as established by the key, and the routing constraints that come with it. */
export interface Principal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly role: Role;
  /** Null when the key may be served anywhere. */
  readonly jurisdiction: string | null;
  readonly requiredDataPolicies: readonly DataPolicy[];
  /** Whether a request may pin its provider (`x-switchboard-provider`). */
  readonly allowProviderOverride: boolean;
  /** The key's own limits, on top of its tenant's (docs/limits.md). */
  readonly limits: Limits | undefined;
  /** The key's own access policy, which narrows its tenant's (governance/access/effective-access.ts). */
  readonly access?: AccessPolicy | undefined;
}
