import { type ChainFinding, sortFindings } from "./findings";
import type { AuditChain } from "./log-name";
import { checkManifest, type ManifestInput, type ObjectSummary } from "./manifest";
import { readRetentionRecord } from "./retention-record";
import { SeqRanges } from "./seq-ranges";
import { sha256Hex } from "./sha256";

/** The hash the first entry of every chain links to. */
export const genesisHash = "0".repeat(64);

/** One link of a chain: its place, the hash it links to, its own hash, and the record as stored. */
export interface ChainEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** The record's JSON text exactly as hashed: not re-serialized. */
  readonly record: string;
}

/** An entry and where it was read from (an R2 key, a file), so findings and manifests can name it. */
export interface LocatedEntry extends ChainEntry {
  readonly object?: string | null;
}

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex; Node callers may pass `node:crypto`'s, which is faster. */
export type HashText = (text: string) => string;

/** The exact text an entry's hash covers. */
export function entryHashInput(seq: number, prevHash: string, record: string): string {
  return `${seq}\n${prevHash}\n${record}`;
}

export function entryHash(seq: number, prevHash: string, record: string, hash: HashText = sha256Hex): string {
  return hash(entryHashInput(seq, prevHash, record));
}

export interface VerifyOptions {
  readonly hash?: HashText;
  /** Where the entries should begin; without it they begin where the first one says (seq 1 must still link to the genesis). */
  readonly start?: { readonly seq: number; readonly prevHash: string };
  /** The chain's head (the `AuditLog` object's last seq and hash): entries missing at the end are found only against it. */
  readonly head?: { readonly seq: number; readonly hash: string };
  /** The manifests of the objects the entries were read from; given, every object must have one. */
  readonly manifests?: readonly ManifestInput[];
  /** The chain (tenant and shard) the manifests must name. */
  readonly chain?: AuditChain;
  /**
   * The entries are the whole chain as it stands (a folder copied out of R2, not a period or a filtered
   * export): a chain that begins after seq 1 must be explained by a retention record among the entries
   * (`deleted.lastSeq` just before the first entry, `deleted.lastHash` its `prevHash`), else
   * `start_unexplained` is reported.
   */
  readonly checkStart?: boolean;
}

interface Summary {
  count: number;
  firstSeq: number;
  lastSeq: number;
  firstPrevHash: string;
  firstHash: string;
  lastHash: string;
}

/**
 * Walks entries in the order they are given (sequence order, as read from consecutive objects) and
 * reports what breaks the chain: numbers missing, entries out of order or twice, records whose hash
 * does not match (altered), links that do not match the previous entry (altered, inserted or
 * removed), the end missing against the head, and objects that do not match their manifest. Pure:
 * no Workers API, so the Worker's verify route and the offline CLI share it. Memory grows with the
 * irregularities found, not with the entries, so it can verify a stream.
 */
export class ChainVerifier {
  private readonly findings: ChainFinding[] = [];
  private readonly missing = new SeqRanges();
  /** Hashes and prevHashes of entries beside a hole or out of place, to check the links of late entries. */
  private readonly hashAt = new Map<number, string>();
  private readonly prevAt = new Map<number, string>();
  private readonly objects = new Map<string, Summary>();
  private readonly hash: HashText;
  /** The highest entry so far. */
  private top: { seq: number; hash: string } | null = null;
  private firstSeq: number | null = null;
  /** What the intact retention records seen delete (only with `checkStart`): one per retention run. */
  private readonly retentions: Array<{ readonly seq: number; readonly lastSeq: number; readonly lastHash: string }> = [];

  constructor(private readonly options: VerifyOptions = {}) {
    this.hash = options.hash ?? sha256Hex;
    const start = options.start;
    if (start) {
      this.top = { seq: start.seq - 1, hash: start.prevHash };
      this.firstSeq = start.seq;
      this.hashAt.set(start.seq - 1, start.prevHash);
    } else {
      this.hashAt.set(0, genesisHash);
    }
  }

  add(entry: ChainEntry, object: string | null = null): void {
    const { seq } = entry;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      this.findings.push({ kind: "unreadable", seq: null, object, detail: `an entry has no valid sequence number (${String(seq)})` });
      return;
    }
    if (entryHash(seq, entry.prevHash, entry.record, this.hash) !== entry.hash) {
      this.findings.push({ kind: "altered", seq, object, detail: `entry ${seq} does not match its hash: its record or place was changed` });
    } else if (this.options.checkStart) {
      this.noteRetention(entry);
    }
    if (object !== null) this.summarize(object, entry);

    const top = this.top;
    if (top === null) {
      this.firstSeq = seq;
      this.top = { seq, hash: entry.hash };
      this.prevAt.set(seq, entry.prevHash);
      this.checkLinkBack(entry, object);
    } else if (seq === top.seq + 1) {
      if (entry.prevHash !== top.hash) this.brokenLink(seq, object);
      this.top = { seq, hash: entry.hash };
    } else if (seq > top.seq + 1) {
      this.missing.add(top.seq + 1, seq - 1);
      this.hashAt.set(top.seq, top.hash);
      this.prevAt.set(seq, entry.prevHash);
      this.top = { seq, hash: entry.hash };
    } else {
      this.late(entry, object, top.seq);
    }
  }

  finish(): ChainFinding[] {
    for (const [from, to] of this.missing.all()) {
      this.findings.push({ kind: "gap", seq: from, lastSeq: to, object: null, detail: from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing` });
    }
    this.checkStart();
    this.checkHead();
    this.checkManifests();
    return sortFindings(this.findings);
  }

  /** An entry at or below the highest seen: a late one filling a hole, one before the first, or a second copy. */
  private late(entry: ChainEntry, object: string | null, topSeq: number): void {
    const { seq } = entry;
    const start = this.options.start;
    const firstSeq = this.firstSeq ?? seq;
    if (start && seq < start.seq) {
      this.outOfOrder(seq, topSeq, object);
      return;
    }
    if (this.missing.remove(seq)) {
      this.outOfOrder(seq, topSeq, object);
    } else if (seq < firstSeq) {
      this.missing.add(seq + 1, firstSeq - 1);
      this.firstSeq = seq;
      this.outOfOrder(seq, topSeq, object);
    } else {
      this.findings.push({ kind: "duplicate", seq, object, detail: `entry ${seq} appears more than once` });
      return;
    }
    this.checkLinkBack(entry, object);
    const after = this.prevAt.get(seq + 1);
    if (after !== undefined && after !== entry.hash) this.brokenLink(seq + 1, object);
    this.hashAt.set(seq, entry.hash);
    this.prevAt.set(seq, entry.prevHash);
  }

  private checkLinkBack(entry: ChainEntry, object: string | null): void {
    const before = this.hashAt.get(entry.seq - 1);
    if (before !== undefined && before !== entry.prevHash) this.brokenLink(entry.seq, object);
  }

  private brokenLink(seq: number, object: string | null): void {
    const detail = seq === 1 ? "entry 1 does not link to the genesis hash" : `entry ${seq} does not link to entry ${seq - 1}: one of them was changed, or entries were removed or inserted between them`;
    this.findings.push({ kind: "broken_link", seq, object, detail });
  }

  /** Consecutive late entries behind the same one make one finding. */
  private outOfOrder(seq: number, afterSeq: number, object: string | null): void {
    const last = this.findings.at(-1);
    if (last?.kind === "out_of_order" && last.afterSeq === afterSeq && last.lastSeq + 1 === seq) {
      this.findings[this.findings.length - 1] = { ...last, lastSeq: seq, detail: `entries ${last.seq} to ${seq} come after entry ${afterSeq}` };
      return;
    }
    this.findings.push({ kind: "out_of_order", seq, lastSeq: seq, afterSeq, object, detail: `entry ${seq} comes after entry ${afterSeq}` });
  }

  private noteRetention(entry: ChainEntry): void {
    const deleted = readRetentionRecord(entry.record)?.deleted;
    // A record can only explain the deletion of entries before its own.
    if (deleted && deleted.lastSeq < entry.seq) this.retentions.push({ seq: entry.seq, lastSeq: deleted.lastSeq, lastHash: deleted.lastHash });
  }

  /** With `checkStart`: a chain that begins after seq 1 needs a retention record naming the entry before its first and that entry's hash. */
  private checkStart(): void {
    const firstSeq = this.firstSeq;
    if (!this.options.checkStart || firstSeq === null || firstSeq <= 1) return;
    const start = this.options.start;
    const linksTo = start && start.seq === firstSeq ? start.prevHash : this.prevAt.get(firstSeq);
    if (this.retentions.some((retention) => retention.lastSeq === firstSeq - 1 && retention.lastHash === linksTo)) return;
    this.findings.push({
      kind: "start_unexplained",
      seq: 1,
      lastSeq: firstSeq - 1,
      object: null,
      detail: `the chain begins at entry ${firstSeq}: entries 1 to ${firstSeq - 1} are missing, and no retention record in the chain explains their deletion`,
    });
  }

  private checkHead(): void {
    const head = this.options.head;
    if (!head) return;
    const lastSeen = this.top?.seq ?? 0;
    if (head.seq > lastSeen) {
      this.findings.push({ kind: "truncated", seq: lastSeen + 1, lastSeq: head.seq, object: null, detail: `entries ${lastSeen + 1} to ${head.seq} (the head) are missing at the end` });
    } else if (head.seq < lastSeen) {
      this.findings.push({ kind: "head_mismatch", seq: head.seq + 1, object: null, detail: `entries after ${head.seq}, the head, should not exist` });
    } else if (this.top && head.hash !== this.top.hash) {
      this.findings.push({ kind: "head_mismatch", seq: head.seq, object: null, detail: `entry ${head.seq} does not have the head's hash` });
    }
  }

  private checkManifests(): void {
    const manifests = this.options.manifests;
    if (!manifests) return;
    const chain = this.options.chain ?? null;
    const described = new Set<string>();
    for (const input of manifests) {
      described.add(input.key);
      const summary: ObjectSummary | null = this.objects.get(input.key) ?? null;
      this.findings.push(...checkManifest(input, summary, chain));
    }
    for (const object of this.objects.keys()) {
      if (!described.has(object)) this.findings.push({ kind: "manifest_missing", seq: null, object, detail: `${object} has no manifest` });
    }
  }

  private summarize(object: string, entry: ChainEntry): void {
    const summary = this.objects.get(object);
    if (!summary) {
      this.objects.set(object, { count: 1, firstSeq: entry.seq, lastSeq: entry.seq, firstPrevHash: entry.prevHash, firstHash: entry.hash, lastHash: entry.hash });
      return;
    }
    summary.count += 1;
    summary.lastSeq = entry.seq;
    summary.lastHash = entry.hash;
  }
}

/** Verifies entries given in sequence order (from one or several objects); an empty list means the chain holds. */
export function verifyChain(entries: Iterable<LocatedEntry>, options: VerifyOptions = {}): ChainFinding[] {
  const verifier = new ChainVerifier(options);
  for (const entry of entries) verifier.add(entry, entry.object ?? null);
  return verifier.finish();
}
