import type { Role } from "../schemas/key-record";

/** Who is calling, as established by the key. */
export interface Principal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly role: Role;
}
