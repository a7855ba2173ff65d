import * as z from "zod/mini";
import { auditSchemaVersion } from "./contract";
import type { ChainFinding } from "./findings";
import type { AuditChain } from "./log-name";
import { parseBatchKey } from "./object-keys";

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const seq = z.number().check(z.int(), z.minimum(1));

/**
 * The small JSON object beside each batch object (`<key>.manifest.json`): enough to check the batch
 * on its own, and to link it to its neighbours, without the Durable Object.
 */
export const batchManifestSchema = z.object({
  schemaVersion: z.number(),
  /** The tenant id (not encoded) and the shard of the tenant's trail the batch belongs to. */
  tenant: z.string(),
  /** Manifests written before shards existed have none: they are all of shard 0. */
  shard: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  /** The batch object's key. */
  object: z.string(),
  count: z.number().check(z.int(), z.minimum(1)),
  firstSeq: seq,
  lastSeq: seq,
  /** The hash the first entry links to: the last hash of the previous batch (64 zeros for the first). */
  firstPrevHash: hex64,
  firstHash: hex64,
  lastHash: hex64,
  /** SHA-256 of the object's bytes as stored (gzip), and their number. */
  objectSha256: hex64,
  objectBytes: z.number(),
  /** The earliest and latest record `time` inside; spilled records can make a batch reach back. */
  minRecordTime: z.string(),
  maxRecordTime: z.string(),
  createdAt: z.string(),
});

export type BatchManifest = z.infer<typeof batchManifestSchema>;

/** What the entries read from one object amount to, to compare with its manifest. */
export interface ObjectSummary {
  readonly count: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstPrevHash: string;
  readonly firstHash: string;
  readonly lastHash: string;
}

/** One manifest handed to the verifier: the batch object's key, the manifest as read, the object's real SHA-256. */
export interface ManifestInput {
  readonly key: string;
  readonly manifest: unknown;
  /** SHA-256 (hex) of the object's bytes as the verifier read them; null when not computed. */
  readonly objectSha256: string | null;
}

/** Compares a manifest with the chain expected (when known), the object's key, the entries read from the object and its bytes. */
export function checkManifest(input: ManifestInput, summary: ObjectSummary | null, chain: AuditChain | null): ChainFinding[] {
  const object = input.key;
  const parsed = batchManifestSchema.safeParse(input.manifest);
  if (!parsed.success) return [{ kind: "unreadable", seq: null, object, detail: `the manifest of ${object} is not a valid manifest` }];
  const manifest = parsed.data;
  if (!summary) {
    return [{ kind: "object_missing", seq: manifest.firstSeq, lastSeq: manifest.lastSeq, object, detail: `the manifest names ${object}, whose entries are missing` }];
  }
  const findings: ChainFinding[] = [];
  const mismatch = (field: string, expected: string | number, found: string | number, at: number | null): void => {
    if (String(expected) === String(found)) return;
    findings.push({
      kind: "manifest_mismatch",
      seq: at,
      object,
      field,
      expected: String(expected),
      found: String(found),
      detail: `${object}: the manifest says ${field} ${expected}, found ${found}`,
    });
  };
  mismatch("schemaVersion", auditSchemaVersion, manifest.schemaVersion, null);
  if (chain !== null) {
    mismatch("tenant", chain.tenantId, manifest.tenant, null);
    mismatch("shard", chain.shard, manifest.shard, null);
  }
  const named = parseBatchKey(object);
  if (named) {
    mismatch("tenant (key)", named.chain.tenantId, manifest.tenant, null);
    mismatch("shard (key)", named.chain.shard, manifest.shard, null);
    mismatch("firstSeq (key)", named.firstSeq, manifest.firstSeq, named.firstSeq);
    mismatch("lastSeq (key)", named.lastSeq, manifest.lastSeq, named.lastSeq);
  }
  mismatch("count", manifest.count, summary.count, null);
  mismatch("firstSeq", manifest.firstSeq, summary.firstSeq, summary.firstSeq);
  mismatch("lastSeq", manifest.lastSeq, summary.lastSeq, summary.lastSeq);
  mismatch("firstPrevHash", manifest.firstPrevHash, summary.firstPrevHash, summary.firstSeq);
  mismatch("firstHash", manifest.firstHash, summary.firstHash, summary.firstSeq);
  mismatch("lastHash", manifest.lastHash, summary.lastHash, summary.lastSeq);
  if (input.objectSha256 !== null) mismatch("objectSha256", manifest.objectSha256, input.objectSha256, null);
  return findings;
}

/** The manifest of a batch about to be written; `entries` are in sequence order and not empty. */
export function buildManifest(
  chain: AuditChain,
  object: string,
  entries: readonly { readonly seq: number; readonly prevHash: string; readonly hash: string; readonly time: number }[],
  body: { readonly sha256: string; readonly bytes: number },
  now: number,
): BatchManifest {
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last) throw new RangeError("a batch has at least one entry");
  let minTime = first.time;
  let maxTime = first.time;
  for (const entry of entries) {
    minTime = Math.min(minTime, entry.time);
    maxTime = Math.max(maxTime, entry.time);
  }
  return {
    schemaVersion: auditSchemaVersion,
    tenant: chain.tenantId,
    shard: chain.shard,
    object,
    count: entries.length,
    firstSeq: first.seq,
    lastSeq: last.seq,
    firstPrevHash: first.prevHash,
    firstHash: first.hash,
    lastHash: last.hash,
    objectSha256: body.sha256,
    objectBytes: body.bytes,
    minRecordTime: new Date(minTime).toISOString(),
    maxRecordTime: new Date(maxTime).toISOString(),
    createdAt: new Date(now).toISOString(),
  };
}
