import type { AuditChain } from "./log-name";
import type { AuditStore } from "./log-store";
import { chainSpillPrefix } from "./object-keys";
import { type AppendInput, readRecord } from "./record-fields";

/** How far the Worker's clock (the records' times) may be ahead of the object's. */
const clockSkewMs = 60_000;

/** Spill objects read per merge; more wait for the next one, which comes soon (`more`). */
export const spillsPerMerge = 200;

/** A spilled record ready to chain, and the object it came from. */
export interface Spill {
  readonly key: string;
  readonly input: AppendInput;
}

export interface SpillListing {
  readonly spills: readonly Spill[];
  /** Objects that are not a valid record: left in place (nothing is dropped) and reported. */
  readonly invalid: readonly { readonly key: string; readonly detail: string }[];
  readonly more: boolean;
}

/**
 * Reads the records the Worker left under the chain's spill prefix, oldest record first (the order
 * they will be chained in; the chain's order is its sequence, not the records' times).
 */
export async function readSpills(bucket: R2Bucket, chain: AuditChain): Promise<SpillListing> {
  const listing = await bucket.list({ prefix: chainSpillPrefix(chain), limit: spillsPerMerge });
  const spills: Spill[] = [];
  const invalid: { key: string; detail: string }[] = [];
  await Promise.all(
    listing.objects.map(async (object) => {
      const body = await bucket.get(object.key);
      // Deleted since the listing: another merge of this object took it.
      if (!body) return;
      const reading = readRecord(await body.text());
      if (reading.ok) spills.push({ key: object.key, input: reading.input });
      else invalid.push({ key: object.key, detail: reading.detail });
    }),
  );
  spills.sort((a, b) => a.input.time - b.input.time || (a.key < b.key ? -1 : 1));
  return { spills, invalid, more: listing.truncated };
}

/**
 * Chains the records spilled for this chain, then deletes their objects. Each is chained exactly
 * once: the check for its request id and its chaining happen in one synchronous step, and chaining
 * stores the id, so an object whose deletion did not happen (a crash, an R2 failure) is found again,
 * recognized and only deleted. A spill of a request chained directly (its append's answer was lost) is a
 * duplicate too, within the store's dedupe window.
 */
export async function mergeSpills(
  store: AuditStore,
  bucket: R2Bucket,
  chain: AuditChain,
): Promise<{ merged: number; duplicates: number; invalid: number; more: boolean }> {
  const listing = await readSpills(bucket, chain);
  for (const { key, detail } of listing.invalid) {
    console.error(JSON.stringify({ level: "error", event: "audit_spill_invalid", ...chain, key, detail }));
  }
  const chained: AppendInput[] = [];
  const seen = new Set<string>();
  // A spilled request was appended directly, if at all, after it arrived (its record's time).
  const oldest = Math.min(...listing.spills.map((spill) => spill.input.time));
  const recent = listing.spills.length > 0 ? store.requestsSince(oldest - clockSkewMs) : new Set<string>();
  let duplicates = 0;
  for (const spill of listing.spills) {
    const { requestId } = spill.input;
    if (seen.has(requestId) || recent.has(requestId)) duplicates += 1;
    else chained.push(spill.input);
    seen.add(requestId);
  }
  store.append(chain, chained, Date.now(), true);
  await deleteSpills(
    bucket,
    listing.spills.map((spill) => spill.key),
  );
  store.markSpillsDeleted([...seen]);
  return { merged: chained.length, duplicates, invalid: listing.invalid.length, more: listing.more };
}

/** Deletes spill objects, at most 1,000 keys per call (R2's limit). */
async function deleteSpills(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 1000) await bucket.delete(keys.slice(start, start + 1000));
}
