import { gunzipSync } from "node:zlib";
import type { Miniflare } from "miniflare";
import { auditObjectPrefix, auditSpillPrefix } from "../src/audit/contract";

/** One gzip NDJSON batch object: the sequence numbers its name claims, and its size. */
export interface BatchObject {
  readonly key: string;
  readonly bytes: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** What the audit trail left in R2 (docs/audit-chain.md, "Batches in R2"). */
export interface TrailObjects {
  readonly batches: readonly BatchObject[];
  readonly manifests: number;
  readonly manifestBytes: number;
  readonly refs: number;
  /** Records the Worker wrote alone because it could not reach the log. */
  readonly spills: number;
  /** Anything else under the two prefixes (a layout this bench does not know yet). */
  readonly other: number;
}

const batchName = /(\d+)-(\d+)\.ndjson\.gz$/;

async function listAll(miniflare: Miniflare, prefix: string): Promise<{ key: string; size: number }[]> {
  const bucket = await miniflare.getR2Bucket("AUDIT_BUCKET");
  const found: { key: string; size: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    for (const object of page.objects) found.push({ key: object.key, size: object.size });
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  return found;
}

export async function listTrail(miniflare: Miniflare): Promise<TrailObjects> {
  const [trail, spills] = await Promise.all([listAll(miniflare, auditObjectPrefix), listAll(miniflare, auditSpillPrefix)]);
  const batches: BatchObject[] = [];
  let manifests = 0;
  let manifestBytes = 0;
  let refs = 0;
  let other = 0;
  for (const { key, size } of trail) {
    const seqs = batchName.exec(key);
    if (seqs) batches.push({ key, bytes: size, firstSeq: Number(seqs[1]), lastSeq: Number(seqs[2]) });
    else if (key.endsWith(".manifest.json")) {
      manifests += 1;
      manifestBytes += size;
    } else if (key.endsWith(".ref.json")) refs += 1;
    else other += 1;
  }
  return { batches: batches.sort((a, b) => a.firstSeq - b.firstSeq), manifests, manifestBytes, refs, spills: spills.length, other };
}

/** The records of one batch object, each as its chain line holds it: the exact text that was hashed. */
export async function recordsOf(miniflare: Miniflare, key: string): Promise<string[]> {
  const bucket = await miniflare.getR2Bucket("AUDIT_BUCKET");
  const object = await bucket.get(key);
  if (object === null) throw new Error(`${key} is not in R2`);
  const text = gunzipSync(new Uint8Array(await object.arrayBuffer())).toString("utf8");
  const marker = '"record":';
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const start = line.indexOf(marker);
      if (start < 0 || !line.endsWith("}")) throw new Error(`${key}: a line is not a chain entry: ${line.slice(0, 120)}`);
      return line.slice(start + marker.length, -1);
    });
}
