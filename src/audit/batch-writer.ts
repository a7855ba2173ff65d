import { batchText, gzipText, sha256HexOfBytes } from "./batch-object";
import type { AuditChain } from "./log-name";
import type { StoredEntry } from "./log-store";
import { type BatchManifest, buildManifest } from "./manifest";
import { batchObjectKey, batchRefKey, hourFolder, manifestKeyOf } from "./object-keys";

const hourMs = 3_600_000;

/** What a `.ref.json` object holds: where the records of its folder's hour are. */
export interface BatchRef {
  readonly schemaVersion: number;
  readonly object: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/**
 * Writes one batch to R2: the gzip NDJSON object (R2 checks its SHA-256 on upload), its manifest,
 * and a ref in the folder of each other hour its records are from. Resolves only when all are
 * stored; a retry after a failure writes the same keys again.
 */
export async function writeBatch(bucket: R2Bucket, chain: AuditChain, entries: readonly StoredEntry[], now: number): Promise<BatchManifest> {
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last) throw new RangeError("a batch has at least one entry");
  const key = batchObjectKey(chain, first.time, first.seq, last.seq);
  const body = await gzipText(batchText(entries));
  const sha256 = await sha256HexOfBytes(body);
  const manifest = buildManifest(chain, key, entries, { sha256, bytes: body.byteLength }, now);
  const ref: BatchRef = { schemaVersion: manifest.schemaVersion, object: key, firstSeq: first.seq, lastSeq: last.seq };
  await Promise.all([
    bucket.put(key, body, { sha256, httpMetadata: { contentType: "application/gzip" } }),
    bucket.put(manifestKeyOf(key), JSON.stringify(manifest), { httpMetadata: { contentType: "application/json" } }),
    ...otherHours(chain, entries).map((hour) =>
      bucket.put(batchRefKey(chain, hour, first.seq, last.seq), JSON.stringify(ref), { httpMetadata: { contentType: "application/json" } }),
    ),
  ]);
  return manifest;
}

/** The start of each UTC hour the entries' records are from, except the first record's (the batch's folder). */
function otherHours(chain: AuditChain, entries: readonly StoredEntry[]): number[] {
  const home = hourFolder(chain, entries[0]?.time ?? 0);
  const hours = new Set<number>();
  for (const entry of entries) {
    const hour = Math.floor(entry.time / hourMs) * hourMs;
    if (hourFolder(chain, hour) !== home) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}
