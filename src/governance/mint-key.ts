import type { KeyRecord } from "../schemas/key-record";
import { generateApiKey, hashApiKey } from "./api-key";

/** What a key is minted with: everything of its record the gateway does not assign itself. */
export type KeySettings = Omit<KeyRecord, "keyId" | "createdAt" | "revokedAt">;

/** A new key: the plaintext (shown once, never stored), its hash (its KV name) and its record. */
export interface MintedKey {
  readonly key: string;
  readonly keyHash: string;
  readonly record: KeyRecord;
}

/** A public key id, safe to log: `key_` and 16 hex digits. */
export function newKeyId(): string {
  return `key_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

/** Mints a key (the CLI and the admin API alike); storing it is the caller's job. */
export async function mintApiKey(settings: KeySettings, now: Date = new Date()): Promise<MintedKey> {
  const key = generateApiKey();
  const record: KeyRecord = { ...settings, keyId: newKeyId(), createdAt: now.toISOString() };
  return { key, keyHash: await hashApiKey(key), record };
}
