/** Prefix that makes Switchboard keys recognizable to secret scanners. */
export const apiKeyPrefix = "sk-sb-";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new key: the prefix and 40 base62 characters (about 238 bits of randomness). */
export function generateApiKey(): string {
  let body = "";
  while (body.length < 40) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      // 248 is the largest multiple of 62 below 256: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && body.length < 40) body += alphabet[byte % 62];
    }
  }
  return apiKeyPrefix + body;
}

/** Lower-case hex SHA-256 of the key: the only form in which a key is stored. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** The KV key of a key record. */
export function keyRecordKey(keyHash: string): string {
  return `key:${keyHash}`;
}
