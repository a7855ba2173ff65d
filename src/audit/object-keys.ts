import { auditObjectPrefix, auditSpillPrefix } from "./contract";
import { type AuditChain, chainSegment, parseChainSegment } from "./log-name";

/** Sequence numbers in object names are zero-padded to this width, so lexical order is sequence order. */
export const seqDigits = 12;

const batchKeyPattern = /^audit\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{12})-(\d{12})\.ndjson\.gz$/;

/** A batch object's key, read back: which chain it holds and which sequence numbers it claims. */
export interface BatchKeyParts {
  readonly chain: AuditChain;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The folder's hour (UTC), `yyyy-mm-ddThh`. */
  readonly hour: string;
}

/** Everything of one chain in R2: `audit/<chain segment>/`. */
export function chainBatchPrefix(chain: AuditChain): string {
  return `${auditObjectPrefix}${chainSegment(chain)}/`;
}

/** Where the Worker leaves a chain's records when its log could not be reached: `audit-spill/<chain segment>/`. */
export function chainSpillPrefix(chain: AuditChain): string {
  return `${auditSpillPrefix}${chainSegment(chain)}/`;
}

/**
 * The start of every chain folder of a tenant, and of other tenants whose encoded id begins the same
 * way (`acme` lists `acme2` too): list it with the delimiter `/`, then keep the folders whose segment
 * `parseChainSegment` reads as this tenant's.
 */
export function tenantChainsPrefix(root: typeof auditObjectPrefix | typeof auditSpillPrefix, tenantId: string): string {
  return `${root}${chainSegment({ tenantId, shard: 0 })}`;
}

/** The chain a folder prefix (`audit/<segment>/`, `audit-spill/<segment>/`) belongs to, or null. */
export function chainOfFolder(root: typeof auditObjectPrefix | typeof auditSpillPrefix, folder: string): AuditChain | null {
  if (!folder.startsWith(root) || !folder.endsWith("/")) return null;
  return parseChainSegment(folder.slice(root.length, -1));
}

/** `audit/<chain>/<yyyy>/<mm>/<dd>/<hh>/`: the UTC hour folder of a time (ms). */
export function hourFolder(chain: AuditChain, time: number): string {
  const at = new Date(time);
  const parts = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours()].map((part, index) =>
    String(part).padStart(index === 0 ? 4 : 2, "0"),
  );
  return `${chainBatchPrefix(chain)}${parts.join("/")}/`;
}

/**
 * `audit/<chain>/<yyyy>/<mm>/<dd>/<hh>/<first-seq>-<last-seq>.ndjson.gz`, in the UTC hour of the
 * batch's first record (`time`), so a period's objects can be listed by folder.
 */
export function batchObjectKey(chain: AuditChain, firstRecordTime: number, firstSeq: number, lastSeq: number): string {
  return `${hourFolder(chain, firstRecordTime)}${padSeq(firstSeq)}-${padSeq(lastSeq)}.ndjson.gz`;
}

/**
 * `<hour folder>/<first-seq>-<last-seq>.ref.json`: placed in the folder of every other hour a batch
 * holds records of (a batch that crosses the hour, records merged late from spills), pointing to the
 * batch, so that listing a period's folders finds every record of the period.
 */
export function batchRefKey(chain: AuditChain, hourTime: number, firstSeq: number, lastSeq: number): string {
  return `${hourFolder(chain, hourTime)}${padSeq(firstSeq)}-${padSeq(lastSeq)}.ref.json`;
}

/** The manifest beside a batch object: the same key with `.manifest.json` for `.ndjson.gz`. */
export function manifestKeyOf(batchKey: string): string {
  return batchKey.replace(/\.ndjson\.gz$/, ".manifest.json");
}

/** The batch object a manifest describes. */
export function batchKeyOfManifest(manifestKey: string): string {
  return manifestKey.replace(/\.manifest\.json$/, ".ndjson.gz");
}

/** The parts of a batch key, or null for every other key (also accepts a path ending in one). */
export function parseBatchKey(key: string): BatchKeyParts | null {
  const start = key.lastIndexOf(auditObjectPrefix);
  const match = batchKeyPattern.exec(start >= 0 ? key.slice(start) : key);
  if (!match) return null;
  const [, segment, year, month, day, hour, first, last] = match;
  if (segment === undefined || first === undefined || last === undefined) return null;
  const chain = parseChainSegment(segment);
  if (!chain) return null;
  return {
    chain,
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

/** Where one record waits in R2 when its chain's log could not take it: `audit-spill/<chain>/<request-id>.<uuid>.json`. */
export function spillKey(chain: AuditChain, requestId: string): string {
  return `${chainSpillPrefix(chain)}${encodeURIComponent(requestId)}.${crypto.randomUUID()}.json`;
}
