import { keyRecordKey } from "../governance/api-key";
import type { MintedKey } from "../governance/mint-key";
import { type KeyRecord, keyRecordSchema } from "../schemas/key-record";
import { keyIdIndexKey, kvEntriesOfNewKey, tenantKeysPrefix } from "./key-index";
import { listKvNames } from "./kv-names";

/** A key record and the hash it is stored under; the key itself is nowhere. */
export interface StoredKey {
  readonly keyHash: string;
  readonly record: KeyRecord;
}

/**
 * Writes a new key's record, then its index entries: KV has no transactions, and an index entry
 * without its record would list a key that cannot be used.
 */
export async function storeNewKey(kv: KVNamespace, minted: MintedKey): Promise<void> {
  for (const entry of kvEntriesOfNewKey(minted.keyHash, minted.record)) await kv.put(entry.name, entry.value);
}

/** Replaces a key's record (a revocation); read fresh from KV, never through the isolate cache. */
export async function saveKeyRecord(kv: KVNamespace, stored: StoredKey): Promise<void> {
  await kv.put(keyRecordKey(stored.keyHash), JSON.stringify(stored.record));
}

async function readStoredKey(kv: KVNamespace, keyHash: string | null): Promise<StoredKey | null> {
  if (keyHash === null) return null;
  const parsed = keyRecordSchema.safeParse(await kv.get(keyRecordKey(keyHash), "json"));
  return parsed.success ? { keyHash, record: parsed.data } : null;
}

/** The key with this public id, or null (also for a key minted before the index existed). */
export async function findKeyById(kv: KVNamespace, keyId: string): Promise<StoredKey | null> {
  const stored = await readStoredKey(kv, await kv.get(keyIdIndexKey(keyId)));
  return stored?.record.keyId === keyId ? stored : null;
}

/** A tenant's keys, oldest first, revoked ones included. */
export async function listTenantKeys(kv: KVNamespace, tenantId: string): Promise<KeyRecord[]> {
  const names = await listKvNames(kv, tenantKeysPrefix(tenantId));
  const found = await Promise.all(names.map(async (name) => readStoredKey(kv, await kv.get(name))));
  return found
    .flatMap((stored) => (stored?.record.tenantId === tenantId ? [stored.record] : []))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}
