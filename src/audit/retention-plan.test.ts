import { describe, expect, it } from "vitest";
import { genesisHash } from "./chain";
import type { AuditChain } from "./log-name";
import type { BatchManifest } from "./manifest";
import { batchObjectKey, manifestKeyOf } from "./object-keys";
import type { ChainListing, ListedKey } from "./retention-listing";
import { type PlanInput, planRetention } from "./retention-plan";

const chain: AuditChain = { tenantId: "acme", shard: 0 };
const hourMs = 3_600_000;
const dayMs = 86_400_000;
const cutoffMs = Date.UTC(2026, 5, 1);
const hashOf = (seq: number) => seq.toString(16).padStart(64, "0");

interface Batch {
  readonly listed: ListedKey;
  readonly manifest: BatchManifest;
}

/** Batches of three entries each, from seq 1, the n-th in the folder of `times[n]`, all its records at that time. */
function batches(times: readonly number[]): Batch[] {
  return times.map((time, index) => {
    const firstSeq = index * 3 + 1;
    const lastSeq = firstSeq + 2;
    const key = batchObjectKey(chain, time, firstSeq, lastSeq);
    const at = new Date(time).toISOString();
    const manifest: BatchManifest = {
      schemaVersion: 1,
      tenant: chain.tenantId,
      shard: chain.shard,
      object: key,
      count: 3,
      firstSeq,
      lastSeq,
      firstPrevHash: firstSeq === 1 ? genesisHash : hashOf(firstSeq - 1),
      firstHash: hashOf(firstSeq),
      lastHash: hashOf(lastSeq),
      objectSha256: hashOf(0),
      objectBytes: 100,
      minRecordTime: at,
      maxRecordTime: at,
      createdAt: at,
    };
    return { listed: { key, kind: "batch", firstSeq, lastSeq, hourMs: Math.floor(time / hourMs) * hourMs }, manifest };
  });
}

function input(listed: readonly Batch[], overrides: Partial<PlanInput> = {}, extra: Partial<ChainListing> = {}): PlanInput {
  const manifests = new Map(listed.map((batch) => [manifestKeyOf(batch.listed.key), batch.manifest]));
  return {
    chain,
    listing: { keys: listed.map((batch) => batch.listed), completeBefore: cutoffMs + hourMs, beyond: [], ...extra },
    floor: { seq: 0, hash: genesisHash },
    cutoffMs,
    firstHeld: null,
    maxBatches: 100,
    readManifests: async (keys) => keys.map((key) => manifests.get(key) ?? null),
    manifestKeyOf,
    ...overrides,
  };
}

const old = (days: number) => cutoffMs - days * dayMs;
const seqs = (plan: { run: readonly { firstSeq: number; lastSeq: number }[] }) => plan.run.map((batch) => [batch.firstSeq, batch.lastSeq]);

describe("planRetention", () => {
  it("takes the batches from the start of the chain whose records are all older than the cutoff, and stops at the first that is not", async () => {
    const listed = batches([old(3), old(2), cutoffMs, old(5)]);
    const plan = await planRetention(input(listed));
    expect(seqs(plan)).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(plan).toMatchObject({ stoppedBy: "not_expired", keptFromMs: listed[2]?.listed.hourMs });
  });

  it("begins after the floor, linking to its hash, and ignores what lies below it", async () => {
    const listed = batches([old(3), old(2), old(1)]);
    expect(seqs(await planRetention(input(listed, { floor: { seq: 3, hash: hashOf(3) } })))).toEqual([
      [4, 6],
      [7, 9],
    ]);
    expect(await planRetention(input(listed, { floor: { seq: 3, hash: hashOf(99) } }))).toMatchObject({ run: [], stoppedBy: "manifest_mismatch" });
  });

  it("never deletes past a batch it cannot prove old: a manifest missing, of another chain, or not matching its key", async () => {
    const listed = batches([old(3), old(2), old(1)]);
    const missing = { ...input(listed), readManifests: async (keys: readonly string[]) => keys.map((key, index) => (key.includes("000000000004") ? null : listed[index]?.manifest ?? null)) };
    expect(await planRetention(missing)).toMatchObject({ stoppedBy: "manifest_unreadable", run: [{ firstSeq: 1 }] });
    const [first, second, third] = listed;
    if (!first || !second || !third) throw new Error("no batches");
    const foreign = [first, { ...second, manifest: { ...second.manifest, tenant: "other" } }, third];
    expect(await planRetention(input(foreign))).toMatchObject({ stoppedBy: "manifest_mismatch", run: [{ firstSeq: 1 }] });
    const miscounted = [first, { ...second, manifest: { ...second.manifest, lastSeq: 7 } }, third];
    expect(await planRetention(input(miscounted))).toMatchObject({ stoppedBy: "manifest_mismatch", run: [{ firstSeq: 1 }] });
  });

  it("stops at a hole in the sequence, and says whether the listing simply ended", async () => {
    const listed = batches([old(3), old(2), old(1)]);
    const holed = listed.filter((_, index) => index !== 1);
    expect(await planRetention(input(holed))).toMatchObject({ stoppedBy: "not_contiguous", run: [{ firstSeq: 1 }], keptFromMs: null });
    expect(await planRetention(input(listed))).toMatchObject({ stoppedBy: "end_of_listing", keptFromMs: null });
  });

  it("keeps batches the log still holds entries of, and those whose refs may lie past what was listed", async () => {
    const listed = batches([old(3), old(2), old(1)]);
    expect(await planRetention(input(listed, { firstHeld: { seq: 6, time: old(2) } }))).toMatchObject({ stoppedBy: "unflushed", run: [{ firstSeq: 1 }] });
    const partial = await planRetention(input(listed, {}, { completeBefore: listed[1]?.listed.hourMs ?? 0 }));
    expect(partial).toMatchObject({ stoppedBy: "listing_incomplete", run: [{ firstSeq: 1 }] });
  });

  it("stops at the limit of a call, and finds where the chain continues past the listing or in the log", async () => {
    const listed = batches([old(5), old(4), old(3), old(2)]);
    const limited = await planRetention(input(listed, { maxBatches: 2 }));
    expect(limited).toMatchObject({ stoppedBy: "limit", keptFromMs: listed[2]?.listed.hourMs });
    expect(seqs(limited)).toHaveLength(2);

    const laterHour = Math.floor((cutoffMs + 5 * dayMs) / hourMs) * hourMs;
    const later: ListedKey = { key: batchObjectKey(chain, laterHour, 13, 15), kind: "batch", firstSeq: 13, lastSeq: 15, hourMs: laterHour };
    expect(await planRetention(input(listed, {}, { beyond: [later] }))).toMatchObject({ stoppedBy: "end_of_listing", keptFromMs: laterHour });
    const heldAt = cutoffMs + 3 * dayMs + 1234;
    const held = await planRetention(input(listed, { firstHeld: { seq: 13, time: heldAt } }));
    expect(held).toMatchObject({ stoppedBy: "end_of_listing", keptFromMs: Math.floor(heldAt / hourMs) * hourMs });
  });

  it("lists the refs of each batch it deletes", async () => {
    const listed = batches([old(3), cutoffMs]);
    const first = listed[0];
    if (!first) throw new Error("no batch");
    const ref: ListedKey = { key: first.listed.key.replace(/\.ndjson\.gz$/, ".ref.json"), kind: "ref", firstSeq: 1, lastSeq: 3, hourMs: first.listed.hourMs + hourMs };
    const plan = await planRetention(input(listed, {}, { keys: [...listed.map((batch) => batch.listed), ref] }));
    expect(plan.run).toMatchObject([{ key: first.listed.key, manifestKey: manifestKeyOf(first.listed.key), refs: [ref.key] }]);
  });
});
