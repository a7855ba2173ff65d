import { describe, expect, it } from "vitest";
import { type ChainEntry, entryHash, genesisHash, type LocatedEntry, verifyChain } from "./chain";
import type { ChainFinding } from "./findings";
import type { ManifestInput } from "./manifest";
import { buildManifest } from "./manifest";
import { batchObjectKey } from "./object-keys";
import { retentionRecordText } from "./retention-record";
import { sha256Hex } from "./sha256";

function record(seq: number): string {
  return JSON.stringify({ requestId: `req-${seq}`, time: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(), status: 200 });
}

/** A well-formed chain of `count` entries from seq 1. */
function chain(count: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq++) {
    const text = record(seq);
    const hash = entryHash(seq, prevHash, text);
    entries.push({ seq, prevHash, hash, record: text });
    prevHash = hash;
  }
  return entries;
}

const kinds = (entries: Iterable<LocatedEntry>, options = {}) => verifyChain(entries, options).map((finding) => [finding.kind, finding.seq]);

describe("verifyChain", () => {
  it("finds nothing wrong in an intact chain, and an empty list verifies", () => {
    expect(verifyChain(chain(50))).toEqual([]);
    expect(verifyChain([])).toEqual([]);
  });

  it("uses the hash function it is given (a Node verifier passes node:crypto's)", () => {
    let calls = 0;
    const counted = (text: string) => {
      calls += 1;
      return sha256Hex(text);
    };
    expect(verifyChain(chain(7), { hash: counted })).toEqual([]);
    expect(calls).toBe(7);
  });

  it("reports an altered record whose hash was left alone", () => {
    const entries = chain(10);
    const target = entries[4];
    if (!target) throw new Error("no entry");
    entries[4] = { ...target, record: target.record.replace('"status":200', '"status":500') };
    expect(kinds(entries)).toEqual([["altered", 5]]);
  });

  it("reports an altered record whose hash was recomputed, at the link that no longer holds", () => {
    const entries = chain(10);
    const target = entries[4];
    if (!target) throw new Error("no entry");
    const forged = target.record.replace('"status":200', '"status":500');
    entries[4] = { ...target, record: forged, hash: entryHash(5, target.prevHash, forged) };
    expect(kinds(entries)).toEqual([["broken_link", 6]]);
  });

  it("reports a deleted entry and a deleted range as gaps", () => {
    const oneGone = chain(10).filter((entry) => entry.seq !== 4);
    expect(verifyChain(oneGone)).toEqual([{ kind: "gap", seq: 4, lastSeq: 4, object: null, detail: "entry 4 is missing" }]);
    const rangeGone = chain(10).filter((entry) => entry.seq < 3 || entry.seq > 6);
    expect(verifyChain(rangeGone).map((finding) => finding.kind === "gap" && [finding.seq, finding.lastSeq])).toEqual([[3, 6]]);
  });

  it("reports swapped entries as out of order, not as gaps, and still checks their links", () => {
    const entries = chain(6);
    const [a, b] = [entries[2], entries[3]];
    if (!a || !b) throw new Error("no entry");
    entries[2] = b;
    entries[3] = a;
    expect(verifyChain(entries)).toEqual([{ kind: "out_of_order", seq: 3, lastSeq: 3, afterSeq: 4, object: null, detail: "entry 3 comes after entry 4" }]);

    const forged = { ...a, prevHash: "f".repeat(64) };
    entries[3] = { ...forged, hash: entryHash(3, forged.prevHash, forged.record) };
    expect(kinds(entries)).toEqual([
      ["out_of_order", 3],
      ["broken_link", 3],
      ["broken_link", 4],
    ]);
  });

  it("reports an entry present twice", () => {
    const entries = chain(5);
    const third = entries[2];
    if (!third) throw new Error("no entry");
    expect(kinds([...entries, third])).toEqual([["duplicate", 3]]);
  });

  it("reports objects read in the wrong order as one run out of order", () => {
    const entries = chain(10);
    const swapped = [...entries.slice(5), ...entries.slice(0, 5)];
    expect(verifyChain(swapped)).toEqual([{ kind: "out_of_order", seq: 1, lastSeq: 5, afterSeq: 10, object: null, detail: "entries 1 to 5 come after entry 10" }]);
  });

  it("checks the genesis link, and a given start", () => {
    const entries = chain(5);
    const first = entries[0];
    if (!first) throw new Error("no entry");
    const unlinked = { ...first, prevHash: "1".repeat(64) };
    expect(kinds([{ ...unlinked, hash: entryHash(1, unlinked.prevHash, unlinked.record) }, ...entries.slice(1)])).toEqual([
      ["broken_link", 1],
      ["broken_link", 2],
    ]);

    const tail = entries.slice(2);
    const start = { seq: 3, prevHash: entries[1]?.hash ?? "" };
    expect(verifyChain(tail)).toEqual([]);
    expect(verifyChain(tail, { start })).toEqual([]);
    expect(kinds(tail, { start: { seq: 3, prevHash: genesisHash } })).toEqual([["broken_link", 3]]);
    expect(kinds(entries.slice(3), { start })).toEqual([["gap", 3]]);
  });

  it("finds entries cut off at the end only against the head", () => {
    const entries = chain(10);
    const last = entries[9];
    if (!last) throw new Error("no entry");
    expect(verifyChain(entries.slice(0, 8))).toEqual([]);
    expect(verifyChain(entries.slice(0, 8), { head: { seq: 10, hash: last.hash } })).toMatchObject([{ kind: "truncated", seq: 9, lastSeq: 10 }]);
    expect(verifyChain(entries, { head: { seq: 10, hash: last.hash } })).toEqual([]);
    expect(kinds(entries, { head: { seq: 10, hash: genesisHash } })).toEqual([["head_mismatch", 10]]);
    expect(kinds(entries, { head: { seq: 9, hash: entries[8]?.hash ?? "" } })).toEqual([["head_mismatch", 10]]);
    expect(kinds([], { head: { seq: 2, hash: genesisHash } })).toEqual([["truncated", 1]]);
  });

  it("refuses entries without a usable sequence number", () => {
    const entries = chain(2);
    const second = entries[1];
    if (!second) throw new Error("no entry");
    expect(verifyChain([{ ...second, seq: 0 }]).map((finding) => finding.kind)).toContain("unreadable");
  });
});

describe("verifyChain with manifests", () => {
  const acme = { tenantId: "acme", shard: 2 };
  const times = (entries: readonly ChainEntry[]) => entries.map((entry) => ({ ...entry, time: Date.UTC(2026, 0, 1) + entry.seq * 1000 }));

  /** Two objects of five entries each, with their manifests (object SHA-256 as given). */
  function objects(): { entries: LocatedEntry[]; manifests: ManifestInput[] } {
    const entries = chain(10);
    const parts = [entries.slice(0, 5), entries.slice(5)];
    const located: LocatedEntry[] = [];
    const manifests: ManifestInput[] = [];
    for (const part of parts) {
      const first = part[0];
      const last = part.at(-1);
      if (!first || !last) throw new Error("empty part");
      const key = batchObjectKey(acme, Date.UTC(2026, 0, 1), first.seq, last.seq);
      located.push(...part.map((entry) => ({ ...entry, object: key })));
      manifests.push({ key, manifest: buildManifest(acme, key, times(part), { sha256: "a".repeat(64), bytes: 100 }, Date.now()), objectSha256: "a".repeat(64) });
    }
    return { entries: located, manifests };
  }

  it("finds nothing wrong when every object matches its manifest", () => {
    const { entries, manifests } = objects();
    expect(verifyChain(entries, { manifests, chain: acme })).toEqual([]);
  });

  it("reports an object whose bytes changed, a manifest that is gone, and one whose object is gone", () => {
    const { entries, manifests } = objects();
    const [first, second] = manifests;
    if (!first || !second) throw new Error("no manifests");
    expect(verifyChain(entries, { manifests: [{ ...first, objectSha256: "b".repeat(64) }, second] })).toMatchObject([{ kind: "manifest_mismatch", field: "objectSha256" }]);
    expect(verifyChain(entries, { manifests: [second] })).toMatchObject([{ kind: "manifest_missing", object: first.key }]);
    const withoutFirst = entries.filter((entry) => entry.object !== first.key);
    expect(kinds(withoutFirst, { manifests })).toEqual([["object_missing", 1]]);
  });

  it("reports a deleted line both as a gap and against its object's manifest", () => {
    const { entries, manifests } = objects();
    const findings = verifyChain(
      entries.filter((entry) => entry.seq !== 5),
      { manifests },
    );
    expect(findings.map((finding) => [finding.kind, finding.kind === "manifest_mismatch" ? finding.field : null])).toEqual([
      ["manifest_mismatch", "lastSeq"],
      ["manifest_mismatch", "lastHash"],
      ["gap", null],
      ["manifest_mismatch", "count"],
    ]);
  });

  it("reports a manifest naming another tenant, shard or range than its key, and one that is not a manifest", () => {
    const { entries, manifests } = objects();
    const [first, second] = manifests;
    if (!first || !second) throw new Error("no manifests");
    const fieldsOf = (findings: readonly ChainFinding[]) => findings.map((finding) => finding.kind === "manifest_mismatch" && finding.field);
    const renamed = { ...first, manifest: { ...(first.manifest as object), tenant: "other" } };
    expect(fieldsOf(verifyChain(entries, { manifests: [renamed, second], chain: acme }))).toEqual(["tenant", "tenant (key)"]);
    const moved = { ...first, manifest: { ...(first.manifest as object), shard: 3 } };
    expect(fieldsOf(verifyChain(entries, { manifests: [moved, second], chain: acme }))).toEqual(["shard", "shard (key)"]);
    // A manifest written before shards existed has no shard: it is read as shard 0's, not shard 2's.
    const { shard: _shard, ...unsharded } = first.manifest as Record<string, unknown>;
    expect(fieldsOf(verifyChain(entries, { manifests: [{ ...first, manifest: unsharded }, second], chain: acme }))).toEqual(["shard", "shard (key)"]);
    expect(verifyChain(entries, { manifests: [{ ...first, manifest: { hello: "world" } }, second] })).toMatchObject([{ kind: "unreadable", object: first.key }]);
  });
});

/** Appends one record to a chain, linked and hashed as the log does. */
function extend(entries: ChainEntry[], text: string): ChainEntry[] {
  const seq = entries.length + 1;
  const prevHash = entries.at(-1)?.hash ?? genesisHash;
  return [...entries, { seq, prevHash, hash: entryHash(seq, prevHash, text), record: text }];
}

/** The text of a retention record deleting entries 1 to `lastSeq`, whose last hash it says is `lastHash`. */
function retention(lastSeq: number, lastHash: string): string {
  const deleted = { objects: 2, entries: lastSeq, firstSeq: 1, lastSeq, lastHash };
  return retentionRecordText({ tenantId: "acme", shard: 0, retentionDays: 30, cutoffMs: Date.UTC(2026, 0, 2), deleted }, Date.UTC(2026, 1, 1));
}

/** 24 requests, a retention record deleting 1..10 (as `text` says), 6 more requests; the chain as R2 holds it after the deletion. */
function afterRetention(text: (entries: readonly ChainEntry[]) => string = (entries) => retention(10, entries[9]?.hash ?? "")): ChainEntry[] {
  let entries = chain(24);
  entries = extend(entries, text(entries));
  for (let seq = 26; seq <= 30; seq++) entries = extend(entries, record(seq));
  return entries.filter((entry) => entry.seq > 10);
}

const startFindings = (entries: Iterable<LocatedEntry>) =>
  verifyChain(entries, { checkStart: true }).map((finding) => [finding.kind, finding.seq, "lastSeq" in finding ? finding.lastSeq : null]);

describe("verifyChain with checkStart", () => {
  it("accepts a chain from entry 1, and one whose start a retention record in it explains", () => {
    expect(verifyChain(chain(30), { checkStart: true })).toEqual([]);
    expect(verifyChain([], { checkStart: true })).toEqual([]);
    expect(verifyChain(afterRetention(), { checkStart: true })).toEqual([]);
  });

  it("reports a start no retention record explains, and leaves it alone without the option", () => {
    const cut = chain(30).filter((entry) => entry.seq > 10);
    expect(startFindings(cut)).toEqual([["start_unexplained", 1, 10]]);
    // A period or a filtered export begins anywhere: without the option nothing is said about the start.
    expect(verifyChain(cut)).toEqual([]);
  });

  it("does not accept a retention record naming another last entry or hash, or one that was altered", () => {
    expect(startFindings(afterRetention((entries) => retention(9, entries[8]?.hash ?? "")))).toEqual([["start_unexplained", 1, 10]]);
    expect(startFindings(afterRetention((entries) => retention(10, entries[8]?.hash ?? "")))).toEqual([["start_unexplained", 1, 10]]);
    const entries = afterRetention();
    const forged = entries.map((entry) => (entry.seq === 25 ? { ...entry, record: entry.record.replace('"retentionDays":30', '"retentionDays":31') } : entry));
    expect(startFindings(forged)).toEqual([
      ["start_unexplained", 1, 10],
      ["altered", 25, null],
    ]);
  });

  it("reports entries removed by hand after those retention deleted", () => {
    expect(startFindings(afterRetention().filter((entry) => entry.seq > 15))).toEqual([["start_unexplained", 1, 15]]);
  });

  it("ignores text that only looks like a retention record, and a record explaining entries after its own", () => {
    const lookalike = (entries: readonly ChainEntry[]) => JSON.stringify({ requestId: "r", time: "2026-01-01T00:00:00Z", kind: "retention", lastSeq: 10, lastHash: entries[9]?.hash });
    expect(startFindings(afterRetention(lookalike))).toEqual([["start_unexplained", 1, 10]]);
    // A record at seq 25 cannot explain a chain that begins at 27.
    const late = afterRetention((entries) => retention(26, entries[9]?.hash ?? "")).filter((entry) => entry.seq !== 26);
    expect(startFindings(late.filter((entry) => entry.seq > 26))).toEqual([["start_unexplained", 1, 26]]);
  });

  it("checks the start given as an option against the retention records too", () => {
    const entries = afterRetention();
    const first = entries[0];
    if (!first) throw new Error("no entry");
    expect(verifyChain(entries, { checkStart: true, start: { seq: 11, prevHash: first.prevHash } })).toEqual([]);
    const cut = chain(30).filter((entry) => entry.seq > 10);
    expect(verifyChain(cut, { checkStart: true, start: { seq: 11, prevHash: first.prevHash } }).map((finding) => finding.kind)).toEqual(["start_unexplained"]);
  });
});
