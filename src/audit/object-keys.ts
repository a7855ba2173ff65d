import { auditObjectPrefix, auditSpillPrefix } from "./contract";

/** Sequence numbers in object names are zero-padded to this width, so lexical order is sequence order. */
export const seqDigits = 12;

const batchKeyPattern = /^audit\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{12})-(\d{12})\.ndjson\.gz$/;

/** A batch object's key, read back: whose chain it holds and which sequence numbers it claims. */
export interface BatchKeyParts {
  readonly tenantId: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The folder's hour (UTC), `yyyy-mm-ddThh`. */
  readonly hour: string;
}

/** The tenant as one path segment; the Worker's spill keys use the same encoding (`hand-over.ts`). */
export function tenantSegment(tenantId: string): string {
  return encodeURIComponent(tenantId);
}

/** Everything of one tenant's chain in R2. */
export function tenantBatchPrefix(tenantId: string): string {
  return `${auditObjectPrefix}${tenantSegment(tenantId)}/`;
}

/** Where the Worker leaves one tenant's records when its log could not be reached. */
export function tenantSpillPrefix(tenantId: string): string {
  return `${auditSpillPrefix}${tenantSegment(tenantId)}/`;
}

/** `audit/<tenant>/<yyyy>/<mm>/<dd>/<hh>/`: the UTC hour folder of a time (ms). */
export function hourFolder(tenantId: string, time: number): string {
  const at = new Date(time);
  const parts = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours()].map((part, index) =>
    String(part).padStart(index === 0 ? 4 : 2, "0"),
  );
  return `${tenantBatchPrefix(tenantId)}${parts.join("/")}/`;
}

/**
 * `audit/<tenant>/<yyyy>/<mm>/<dd>/<hh>/<first-seq>-<last-seq>.ndjson.gz`, in the UTC hour of the
 * batch's first record (`time`), so a period's objects can be listed by folder.
 */
export function batchObjectKey(tenantId: string, firstRecordTime: number, firstSeq: number, lastSeq: number): string {
  return `${hourFolder(tenantId, firstRecordTime)}${padSeq(firstSeq)}-${padSeq(lastSeq)}.ndjson.gz`;
}

/**
 * `<hour folder>/<first-seq>-<last-seq>.ref.json`: placed in the folder of every other hour a batch
 * holds records of (a batch that crosses the hour, records merged late from spills), pointing to the
 * batch, so that listing a period's folders finds every record of the period.
 */
export function batchRefKey(tenantId: string, hourTime: number, firstSeq: number, lastSeq: number): string {
  return `${hourFolder(tenantId, hourTime)}${padSeq(firstSeq)}-${padSeq(lastSeq)}.ref.json`;
}

/** The manifest beside a batch object: the same key with `.manifest.json` for `.ndjson.gz`. */
export function manifestKeyOf(batchKey: string): string {
  return batchKey.replace(/\.ndjson\.gz$/, ".manifest.json");
}

/** The batch object a manifest describes. */
export function batchKeyOfManifest(manifestKey: string): string {
  return manifestKey.replace(/\.manifest\.json$/, ".ndjson.gz");
}

/** The parts of a batch key, or null for any other key (also accepts a path ending in one). */
export function parseBatchKey(key: string): BatchKeyParts | null {
  const start = key.lastIndexOf(auditObjectPrefix);
  const match = batchKeyPattern.exec(start >= 0 ? key.slice(start) : key);
  if (!match) return null;
  const [, tenant, year, month, day, hour, first, last] = match;
  if (tenant === undefined || first === undefined || last === undefined) return null;
  return {
    tenantId: decodeURIComponent(tenant),
    firstSeq: Number(first),
    lastSeq: Number(last),
    hour: `${year}-${month}-${day}T${hour}`,
  };
}

export function padSeq(seq: number): string {
  return String(seq).padStart(seqDigits, "0");
}

/**
 * Batch keys in chain order. Folders follow the first record's hour, and a batch that starts with a
 * record merged late from a spill sits in an older folder than the batches before it, so key order is
 * not chain order; the sequence numbers in the names are.
 */
export function sortBatchKeys(keys: readonly string[]): string[] {
  const seqOf = (key: string) => parseBatchKey(key)?.firstSeq ?? Number.MAX_SAFE_INTEGER;
  return [...keys].sort((a, b) => seqOf(a) - seqOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}
