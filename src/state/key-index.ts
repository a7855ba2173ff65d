import { keyRecordKey } from "../governance/api-key";
import type { KeyRecord } from "../schemas/key-record";

// Index entries next to `key:<sha256>` (docs/storage-schema.md): they hold the hash, never the key, so
// keys can be found by id and listed per tenant. Tenant ids are URI-encoded so that one id with a
// `:` can never be the prefix of another tenant's entries.

/** `key-id:<keyId>` → the key's hash: finds a key by its public id (rotate, revoke). */
export function keyIdIndexKey(keyId: string): string {
  return `key-id:${keyId}`;
}

/** The prefix of a tenant's `tenant-keys:<tenantId>:<keyId>` entries (value: the key's hash). */
export function tenantKeysPrefix(tenantId: string): string {
  return `tenant-keys:${encodeURIComponent(tenantId)}:`;
}

/** The prefix every tenant's key entries share, to list tenants that have keys. */
export const allTenantKeysPrefix = "tenant-keys:";

export function tenantKeyIndexKey(tenantId: string, keyId: string): string {
  return tenantKeysPrefix(tenantId) + keyId;
}

/** The tenant an entry under `tenant-keys:` belongs to; null for a name that is not one. */
export function tenantOfKeyIndexKey(name: string): string | null {
  const rest = name.slice(allTenantKeysPrefix.length);
  const end = rest.indexOf(":");
  if (!name.startsWith(allTenantKeysPrefix) || end <= 0) return null;
  try {
    return decodeURIComponent(rest.slice(0, end));
  } catch {
    return null;
  }
}

export interface KvEntry {
  readonly name: string;
  readonly value: string;
}

/** Every KV write a new key needs: its record and its two index entries. The CLI and the Worker both write these. */
export function kvEntriesOfNewKey(keyHash: string, record: KeyRecord): readonly KvEntry[] {
  return [
    { name: keyRecordKey(keyHash), value: JSON.stringify(record) },
    { name: keyIdIndexKey(record.keyId), value: keyHash },
    { name: tenantKeyIndexKey(record.tenantId, record.keyId), value: keyHash },
  ];
}
