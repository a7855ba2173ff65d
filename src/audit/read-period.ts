import { gunzipText, parseBatchText, sha256HexOfBytes } from "./batch-object";
import type { LocatedEntry } from "./chain";
import type { AuditChain } from "./log-name";
import type { ManifestInput } from "./manifest";
import { chainBatchPrefix, hourFolder, manifestKeyOf, sortBatchKeys } from "./object-keys";

const dayMs = 86_400_000;

/** The folder prefix of each UTC day from `from` to `to` (ms), inclusive. */
function dayPrefixes(chain: AuditChain, from: number, to: number): string[] {
  const prefixes: string[] = [];
  const start = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate());
  for (let day = start; day <= to; day += dayMs) prefixes.push(hourFolder(chain, day).replace(/\d{2}\/$/, ""));
  return prefixes;
}

async function listAll(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const object of page.objects) keys.push(object.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/**
 * The batch objects holding a chain's records of a period, in chain order: the objects in the
 * period's day folders, and those the folders' refs point to (batches that hold records of the period
 * but sit in an earlier hour's folder). `from` and `to` in ms.
 */
export async function batchKeysOfPeriod(bucket: R2Bucket, chain: AuditChain, from: number, to: number): Promise<string[]> {
  const found = new Set<string>();
  for (const prefix of dayPrefixes(chain, from, to)) {
    for (const key of await listAll(bucket, prefix)) {
      if (key.endsWith(".ndjson.gz")) found.add(key);
      else if (key.endsWith(".ref.json")) {
        const ref = await (await bucket.get(key))?.json<{ object?: unknown }>();
        if (typeof ref?.object === "string" && ref.object.startsWith(chainBatchPrefix(chain))) found.add(ref.object);
      }
    }
  }
  return sortBatchKeys([...found]);
}

export interface ReadBatch {
  readonly key: string;
  readonly entries: LocatedEntry[];
  readonly manifest: ManifestInput;
  /** Lines that could not be read; the verifier reports them. */
  readonly unreadable: number;
}

/** One batch object with its manifest, read and parsed. */
export async function readBatch(bucket: R2Bucket, key: string): Promise<ReadBatch> {
  const [object, manifest] = await Promise.all([bucket.get(key), bucket.get(manifestKeyOf(key))]);
  const bytes = object ? new Uint8Array(await object.arrayBuffer()) : new Uint8Array(0);
  const entries: LocatedEntry[] = [];
  let unreadable = 0;
  if (object) {
    for (const line of parseBatchText(await gunzipText(bytes))) {
      if (line.ok) entries.push({ ...line.entry, object: key });
      else unreadable += 1;
    }
  }
  return {
    key,
    entries,
    manifest: { key, manifest: manifest ? await manifest.json() : null, objectSha256: object ? await sha256HexOfBytes(bytes) : null },
    unreadable,
  };
}
