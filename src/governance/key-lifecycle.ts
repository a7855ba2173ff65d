import { GatewayError } from "../errors/gateway-error";
import type { UpdateKeyRequest } from "../schemas/admin";
import { type KeyRecord, keyRecordSchema } from "../schemas/key-record";
import { findKeyById, saveKeyRecord, type StoredKey, storeNewKey } from "../state/key-admin-store";
import { type KeySettings, type MintedKey, mintApiKey } from "./mint-key";
import { isRevokedAt } from "./revocation";

/** Mints a key and stores its record and index entries; the plaintext is in the answer only. */
export async function createKey(kv: KVNamespace, settings: KeySettings, now: Date): Promise<MintedKey> {
  const minted = await mintApiKey(settings, now);
  await storeNewKey(kv, minted);
  return minted;
}

/** A rotation's outcome: the new key (shown once) and the old record with its revocation scheduled. */
export interface Rotation {
  readonly minted: MintedKey;
  readonly previous: KeyRecord;
}

/**
 * Mints a key with the same settings and schedules the old one's revocation `graceMs` from now (kept
 * earlier if it was already scheduled sooner), so clients can switch over without an outage.
 */
export async function rotateKey(kv: KVNamespace, keyId: string, graceMs: number, now: Date): Promise<Rotation> {
  const stored = await existingKey(kv, keyId);
  if (isRevokedAt(stored.record.revokedAt, now.getTime())) {
    throw new GatewayError({ kind: "invalid_request", message: `The key '${keyId}' is revoked; create a new key instead.`, param: "keyId" });
  }
  const minted = await createKey(kv, settingsOf(stored.record), now);
  const previous = { ...stored.record, revokedAt: earlier(stored.record.revokedAt, new Date(now.getTime() + graceMs)) };
  await saveKeyRecord(kv, { keyHash: stored.keyHash, record: previous });
  return { minted, previous };
}

/** Revokes a key now (a revocation already in the past stays as it was). */
export async function revokeKey(kv: KVNamespace, keyId: string, now: Date): Promise<KeyRecord> {
  const stored = await existingKey(kv, keyId);
  const record = { ...stored.record, revokedAt: earlier(stored.record.revokedAt, now) };
  await saveKeyRecord(kv, { keyHash: stored.keyHash, record });
  return record;
}

/**
 * Replaces the settings an update names and clears those it sets to null. A revoked key is not changed:
 * its settings no longer matter, and changing them would hide what it was allowed when it was used.
 */
export async function updateKey(kv: KVNamespace, keyId: string, update: UpdateKeyRequest, now: Date): Promise<KeyRecord> {
  const stored = await existingKey(kv, keyId);
  if (isRevokedAt(stored.record.revokedAt, now.getTime())) {
    throw new GatewayError({ kind: "invalid_request", message: `The key '${keyId}' is revoked; its settings can no longer change.`, param: "keyId" });
  }
  const record: Record<string, unknown> = { ...stored.record };
  for (const [field, value] of Object.entries(update)) {
    if (value === null) delete record[field];
    else if (value !== undefined) record[field] = value;
  }
  const updated = keyRecordSchema.parse(record);
  await saveKeyRecord(kv, { keyHash: stored.keyHash, record: updated });
  return updated;
}

async function existingKey(kv: KVNamespace, keyId: string): Promise<StoredKey> {
  const stored = await findKeyById(kv, keyId);
  if (!stored) throw new GatewayError({ kind: "key_not_found", keyId });
  return stored;
}

function settingsOf(record: KeyRecord): KeySettings {
  const { keyId: _keyId, createdAt: _createdAt, revokedAt: _revokedAt, ...settings } = record;
  return settings;
}

function earlier(scheduled: string | null | undefined, at: Date): string {
  const scheduledAt = scheduled ? Date.parse(scheduled) : Number.NaN;
  return !Number.isNaN(scheduledAt) && scheduledAt <= at.getTime() ? new Date(scheduledAt).toISOString() : at.toISOString();
}
