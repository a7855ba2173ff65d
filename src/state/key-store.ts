import { keyRecordKey } from "../governance/api-key";
import { type KeyRecord, keyRecordSchema } from "../schemas/key-record";
import { IsolateCache } from "./isolate-cache";

/** Found records and misses are both cached, so a flood of wrong keys cannot become a flood of KV reads. */
const cache = new IsolateCache<KeyRecord | null>(10_000);

/**
 * Reads key records from KV through the isolate cache. A revocation written to KV is honoured
 * once the cached entry expires, i.e. within `ttlMs` (plus KV's own propagation between locations).
 */
export async function findKeyRecord(kv: KVNamespace, keyHash: string, ttlMs: number): Promise<KeyRecord | null> {
  const cached = cache.get(keyHash);
  if (cached !== undefined) return cached;
  const raw = await kv.get(keyRecordKey(keyHash), "json");
  const parsed = raw === null ? null : keyRecordSchema.safeParse(raw);
  const record = parsed?.success ? parsed.data : null;
  cache.set(keyHash, record, ttlMs);
  return record;
}
