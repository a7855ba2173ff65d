import type { DataPolicy, Role } from "../schemas/key-record";

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
}
