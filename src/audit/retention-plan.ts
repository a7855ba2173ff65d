import type { AuditChain } from "./log-name";
import type { BatchManifest } from "./manifest";
import type { RetentionStop } from "./retention-contract";
import type { ChainListing, ListedKey } from "./retention-listing";

/** A batch retention will delete: its key, its manifest's facts, and the refs pointing at it. */
export interface PlannedBatch {
  readonly key: string;
  readonly manifestKey: string;
  readonly refs: readonly string[];
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly count: number;
  readonly lastHash: string;
}

export interface RetentionPlan {
  /** The batches to delete, from the start of what remains of the chain, contiguous. */
  readonly run: readonly PlannedBatch[];
  readonly stoppedBy: Exclude<RetentionStop, "held" | "empty">;
  /** The hour (ms) of the folder of the first batch kept, when the listing or the log shows it. */
  readonly keptFromMs: number | null;
}

export interface PlanInput {
  readonly chain: AuditChain;
  readonly listing: ChainListing;
  /** Where the chain in R2 begins now: after `seq` (0 while retention has deleted nothing), linking to `hash`. */
  readonly floor: { readonly seq: number; readonly hash: string };
  readonly cutoffMs: number;
  /** The log's oldest held entry: a batch reaching it may be written again, so it stays. */
  readonly firstHeld: { readonly seq: number; readonly time: number } | null;
  readonly maxBatches: number;
  /** Reads manifests (null for one missing or unreadable), a few at a time. */
  readonly readManifests: (keys: readonly string[]) => Promise<Array<BatchManifest | null>>;
  readonly manifestKeyOf: (batchKey: string) => string;
}

const hourMs = 3_600_000;
const manifestReadsAtOnce = 8;

/**
 * Chooses what retention may delete: the longest run of batches from the floor on, in sequence order,
 * each continuing the one before (by its name and its manifest's `firstPrevHash`), each with a
 * readable manifest of this chain whose every record is older than the cutoff. It stops at the first
 * batch that fails one of these, so it never leaves a hole behind a batch it keeps, and never deletes
 * what it cannot prove old.
 */
export async function planRetention(input: PlanInput): Promise<RetentionPlan> {
  const { listing, floor, cutoffMs, firstHeld, maxBatches } = input;
  const batches = listing.keys.filter((key) => key.kind === "batch" && key.lastSeq > floor.seq).sort((a, b) => a.firstSeq - b.firstSeq);
  const contiguous: ListedKey[] = [];
  for (const batch of batches) {
    const expected = (contiguous.at(-1)?.lastSeq ?? floor.seq) + 1;
    if (batch.firstSeq !== expected || contiguous.length > maxBatches) break;
    contiguous.push(batch);
  }

  const run: PlannedBatch[] = [];
  let linkHash = floor.hash;
  const stop = (stoppedBy: RetentionPlan["stoppedBy"], kept: ListedKey | null): RetentionPlan => ({
    run,
    stoppedBy,
    keptFromMs: kept ? kept.hourMs : keptFromElsewhere(input, (run.at(-1)?.lastSeq ?? floor.seq) + 1),
  });

  for (let start = 0; start < contiguous.length; start += manifestReadsAtOnce) {
    const chunk = contiguous.slice(start, start + manifestReadsAtOnce);
    const manifests = await input.readManifests(chunk.map((batch) => input.manifestKeyOf(batch.key)));
    for (const [index, batch] of chunk.entries()) {
      if (run.length >= maxBatches) return stop("limit", batch);
      const manifest = manifests[index] ?? null;
      if (!manifest) return stop("manifest_unreadable", batch);
      if (!describes(manifest, batch, input.chain, linkHash)) return stop("manifest_mismatch", batch);
      const newest = Date.parse(manifest.maxRecordTime);
      if (!(newest < cutoffMs)) return stop("not_expired", batch);
      if (!(newest < listing.completeBefore)) return stop("listing_incomplete", batch);
      if (firstHeld !== null && batch.lastSeq >= firstHeld.seq) return stop("unflushed", batch);
      run.push({
        key: batch.key,
        manifestKey: input.manifestKeyOf(batch.key),
        refs: refsOf(listing, batch),
        firstSeq: batch.firstSeq,
        lastSeq: batch.lastSeq,
        count: manifest.count,
        lastHash: manifest.lastHash,
      });
      linkHash = manifest.lastHash;
    }
  }
  const next = (run.at(-1)?.lastSeq ?? floor.seq) + 1;
  return stop(batches.some((batch) => batch.firstSeq >= next) ? "not_contiguous" : "end_of_listing", null);
}

function describes(manifest: BatchManifest, batch: ListedKey, chain: AuditChain, linkHash: string): boolean {
  return (
    manifest.tenant === chain.tenantId &&
    manifest.shard === chain.shard &&
    manifest.firstSeq === batch.firstSeq &&
    manifest.lastSeq === batch.lastSeq &&
    manifest.count === batch.lastSeq - batch.firstSeq + 1 &&
    manifest.firstPrevHash === linkHash
  );
}

/** The refs of a batch: in other hours' folders, named by the same sequence numbers. */
function refsOf(listing: ChainListing, batch: ListedKey): string[] {
  return listing.keys.filter((key) => key.kind === "ref" && key.firstSeq === batch.firstSeq && key.lastSeq === batch.lastSeq).map((key) => key.key);
}

/** Where the batch beginning at `seq` sits when the listing up to the cutoff did not hold it: just past it, or still in the log. */
function keptFromElsewhere(input: PlanInput, seq: number): number | null {
  const beyond = input.listing.beyond.find((key) => key.firstSeq === seq);
  if (beyond) return beyond.hourMs;
  if (input.firstHeld?.seq === seq) return Math.floor(input.firstHeld.time / hourMs) * hourMs;
  return null;
}
