import { GatewayError } from "../errors/gateway-error";
import { genesisHash } from "./chain";
import type { AuditChain } from "./log-name";
import type { AuditStore } from "./log-store";
import { type BatchManifest, batchManifestSchema } from "./manifest";
import { manifestKeyOf } from "./object-keys";
import { readRecord } from "./record-fields";
import type { RetentionRequest, RetentionResult } from "./retention-contract";
import type { RetentionFloorStore } from "./retention-floor";
import { type ChainListing, listChainThrough } from "./retention-listing";
import { planRetention } from "./retention-plan";
import { retentionRecordText } from "./retention-record";

/** Bounds of one call, to stay within an invocation's subrequests: about one manifest read per batch, plus lists and deletes. */
export const retentionLimits = {
  batchesPerCall: 300,
  listPages: 20,
  /** R2 deletes at most this many keys per call. */
  keysPerDelete: 1000,
} as const;

const hourMs = 3_600_000;

/** What the run works on: the log's own state, and the bucket its chain is in. */
export interface RetentionDeps {
  readonly bucket: R2Bucket;
  readonly chain: AuditChain;
  readonly store: AuditStore;
  readonly floors: RetentionFloorStore;
}

const nothing = { objects: 0, entries: 0, firstSeq: null, lastSeq: null, recordSeq: null, leftovers: 0, more: false } as const;

/**
 * Applies retention to one chain (docs/audit-retention.md). Under a legal hold it does nothing. Else it
 * finishes an interrupted earlier run, plans the run of batches at the start of the chain whose records
 * are all past the cutoff, appends ONE retention record naming them and raises the floor (one
 * synchronous step, before the first delete: the chain says what goes before it goes), then deletes the
 * batches, their manifests and refs. The caller runs it between the log's flushes.
 */
export async function applyRetention(deps: RetentionDeps, request: RetentionRequest, now: number): Promise<RetentionResult> {
  if (request.legalHold) return { outcome: "held", ...nothing, stoppedBy: "held" };
  const { bucket, chain, store, floors } = deps;
  if (store.chain === null) return { outcome: "empty", ...nothing, stoppedBy: "empty" };

  const floor = floors.read();
  const listThrough = Math.max(request.cutoffMs, floor ? Date.parse(floor.cutoff) : 0);
  const listing = await listChainThrough(bucket, chain, listThrough, retentionLimits.listPages);
  let leftovers = 0;
  if (floor?.deleting) {
    const keys = leftoverKeys(listing, floor.seq);
    await deleteKeys(bucket, keys);
    floors.deleted(now);
    leftovers = keys.length;
  }

  const held = store.heldEntries(0, 1)[0];
  const plan = await planRetention({
    chain,
    listing,
    floor: floor ?? { seq: 0, hash: genesisHash },
    cutoffMs: request.cutoffMs,
    firstHeld: held ? { seq: held.seq, time: held.time } : null,
    maxBatches: retentionLimits.batchesPerCall,
    readManifests: (keys) => Promise.all(keys.map((key) => readManifest(bucket, key))),
    manifestKeyOf,
  });
  const first = plan.run[0];
  const last = plan.run.at(-1);
  if (!first || !last) return { outcome: "kept", ...nothing, leftovers, stoppedBy: plan.stoppedBy };

  const deleted = {
    objects: plan.run.length,
    entries: plan.run.reduce((sum, batch) => sum + batch.count, 0),
    firstSeq: first.firstSeq,
    lastSeq: last.lastSeq,
    lastHash: last.lastHash,
  };
  const reading = readRecord(retentionRecordText({ ...chain, retentionDays: request.retentionDays, cutoffMs: request.cutoffMs, deleted }, now));
  if (!reading.ok) throw new GatewayError({ kind: "internal", detail: `retention record: ${reading.detail}` });
  const { firstSeq: recordSeq } = store.append(chain, [reading.input], now, false);
  // With nothing else left, the record's own batch is the first kept, in this hour's folder.
  const keptFromMs = plan.keptFromMs ?? (recordSeq === last.lastSeq + 1 ? Math.floor(now / hourMs) * hourMs : null);
  floors.raise({ seq: last.lastSeq, hash: last.lastHash, recordSeq, cutoffMs: request.cutoffMs, keptFromMs, now });

  await deleteKeys(
    bucket,
    plan.run.flatMap((batch) => [batch.key, batch.manifestKey, ...batch.refs]),
  );
  floors.deleted(Date.now());
  return { outcome: "deleted", ...deleted, recordSeq, leftovers, stoppedBy: plan.stoppedBy, more: plan.stoppedBy === "limit" };
}

/** Keys an interrupted run recorded as deleted (at or below the floor) but left in R2. */
function leftoverKeys(listing: ChainListing, floorSeq: number): string[] {
  return listing.keys.filter((key) => key.lastSeq <= floorSeq).map((key) => key.key);
}

async function deleteKeys(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += retentionLimits.keysPerDelete) {
    await bucket.delete(keys.slice(start, start + retentionLimits.keysPerDelete));
  }
}

/** A manifest as stored, or null when it is missing or not a manifest: such a batch is never deleted. */
async function readManifest(bucket: R2Bucket, key: string): Promise<BatchManifest | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  try {
    const parsed = batchManifestSchema.safeParse(await object.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
