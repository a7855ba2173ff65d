import { describe, expect, it } from "vitest";
import { type ChainEntry, entryHash, genesisHash, type LocatedEntry, verifyChain } from "./chain";
import type { ManifestInput } from "./manifest";
import { buildManifest } from "./manifest";
import { batchObjectKey } from "./object-keys";
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
  const tenant = "acme";
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
      const key = batchObjectKey(tenant, Date.UTC(2026, 0, 1), first.seq, last.seq);
      located.push(...part.map((entry) => ({ ...entry, object: key })));
      manifests.push({ key, manifest: buildManifest(tenant, key, times(part), { sha256: "a".repeat(64), bytes: 100 }, Date.now()), objectSha256: "a".repeat(64) });
    }
    return { entries: located, manifests };
  }

  it("finds nothing wrong when every object matches its manifest", () => {
    const { entries, manifests } = objects();
    expect(verifyChain(entries, { manifests, tenant })).toEqual([]);
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

  it("reports a manifest naming another tenant or range than its key, and one that is not a manifest", () => {
    const { entries, manifests } = objects();
    const [first, second] = manifests;
    if (!first || !second) throw new Error("no manifests");
    const renamed = { ...first, manifest: { ...(first.manifest as object), tenant: "other" } };
    expect(verifyChain(entries, { manifests: [renamed, second], tenant }).map((finding) => finding.kind === "manifest_mismatch" && finding.field)).toEqual([
      "tenant",
      "tenant (key)",
    ]);
    expect(verifyChain(entries, { manifests: [{ ...first, manifest: { hello: "world" } }, second] })).toMatchObject([{ kind: "unreadable", object: first.key }]);
  });
});
