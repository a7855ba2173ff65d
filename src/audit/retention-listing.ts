import type { AuditChain } from "./log-name";
import { chainBatchPrefix } from "./object-keys";

const hourMs = 3_600_000;

/** A key of a chain's folder read back: what it is, the sequence numbers in its name, its folder's hour (ms). */
export interface ListedKey {
  readonly key: string;
  readonly kind: "batch" | "manifest" | "ref";
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly hourMs: number;
}

/** A chain's keys in the folders up to a bound, as retention needs them. */
export interface ChainListing {
  /** Batch objects, manifests and refs in folders whose hour is at or before the bound. */
  readonly keys: readonly ListedKey[];
  /** Every folder of an hour before this (ms) was listed in full: refs in them were all seen. */
  readonly completeBefore: number;
  /** Batch objects seen just past the bound: where the first batch kept may sit. */
  readonly beyond: readonly ListedKey[];
}

const keyPattern = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{12})-(\d{12})\.(ndjson\.gz|manifest\.json|ref\.json)$/;
const kinds = { "ndjson.gz": "batch", "manifest.json": "manifest", "ref.json": "ref" } as const;

/** A key under the chain's prefix, or null for anything no log writes. */
function readKey(prefix: string, key: string): ListedKey | null {
  const match = keyPattern.exec(key.slice(prefix.length));
  if (!match) return null;
  const [, year, month, day, hour, first, last, suffix] = match;
  if (suffix !== "ndjson.gz" && suffix !== "manifest.json" && suffix !== "ref.json") return null;
  return {
    key,
    kind: kinds[suffix],
    firstSeq: Number(first),
    lastSeq: Number(last),
    hourMs: Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour)),
  };
}

/**
 * Lists a chain's folders oldest first (R2 lists keys in lexical order, which the `yyyy/mm/dd/hh`
 * folders make time order) up to the folder of `throughMs`'s hour, at most `maxPages` pages. Retention
 * runs daily, so what lies before the cutoff is about a day's keys.
 */
export async function listChainThrough(bucket: R2Bucket, chain: AuditChain, throughMs: number, maxPages: number): Promise<ChainListing> {
  const prefix = chainBatchPrefix(chain);
  const boundHour = Math.floor(throughMs / hourMs) * hourMs;
  const keys: ListedKey[] = [];
  const beyond: ListedKey[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let passedBound = false;
  do {
    const page = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    pages += 1;
    for (const object of page.objects) {
      const listed = readKey(prefix, object.key);
      if (!listed) continue;
      if (listed.hourMs <= boundHour) keys.push(listed);
      else {
        passedBound = true;
        if (listed.kind === "batch") beyond.push(listed);
      }
    }
    cursor = page.truncated ? page.cursor : undefined;
    // One page past the bound is enough to see where the chain continues.
  } while (cursor && pages < maxPages && !(passedBound && beyond.length > 0));
  const reachedBound = passedBound || cursor === undefined;
  const lastHour = keys.at(-1)?.hourMs ?? 0;
  return { keys, completeBefore: reachedBound ? boundHour + hourMs : lastHour, beyond };
}
