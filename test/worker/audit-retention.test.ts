import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyChain } from "../../src/audit/chain";
import type { ChainFinding } from "../../src/audit/findings";
import type { AuditChain } from "../../src/audit/log-name";
import { chainBatchPrefix, manifestKeyOf } from "../../src/audit/object-keys";
import { RetentionFloorStore } from "../../src/audit/retention-floor";
import { readRetentionRecord, retentionRecordText } from "../../src/audit/retention-record";
import { auditRetentionCron } from "../../src/audit/retention-sweep";
import worker from "../../src/index";
import { tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { auditLog, batchKeysOf, bucket, keysUnder, readChainFromR2 } from "./audit-log-helpers";
import { callGateway, captureLogLines, mintKey, waitFor } from "./helpers";

/** The JSON lines the sweep logged (kept off the console: every sweep logs a line per chain in the bucket). */
let logLines: () => Array<Record<string, unknown>>;

beforeEach(() => {
  logLines = captureLogLines();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const dayMs = 86_400_000;
const hourMs = 3_600_000;

function newChain(shard = 0): AuditChain {
  return { tenantId: `retention-${crypto.randomUUID().slice(0, 8)}`, shard };
}

const logOf = (chain: AuditChain) => auditLog(chain.tenantId, chain.shard);

/** Records of these times (ms), appended and flushed at once: one batch in the first record's hour folder. */
async function batchOf(chain: AuditChain, times: readonly number[]): Promise<void> {
  const records = times.map((time) => JSON.stringify({ v: 1, kind: "request", requestId: crypto.randomUUID(), time: new Date(time).toISOString(), status: 200 }));
  await logOf(chain).append(chain.tenantId, chain.shard, records);
  const flushed = await logOf(chain).flush(chain.tenantId, chain.shard);
  expect(flushed.unflushed).toBe(0);
}

async function setAuditPolicy(tenantId: string, audit: { retentionDays?: number; legalHold?: boolean }): Promise<void> {
  await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(tenantPolicySchema.parse({ audit })));
}

/** Runs the Worker's scheduled handler as the daily cron would, and waits for the sweep it leaves running. */
async function runSweep(): Promise<void> {
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: auditRetentionCron }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const chainKeys = (chain: AuditChain) => keysUnder(chainBatchPrefix(chain));

/** The folder verification of the CLI (`npm run audit -- verify <folder>`), on what R2 holds of the chain, against the log's head. */
async function verifyFolder(chain: AuditChain): Promise<ChainFinding[]> {
  const { entries, manifests } = await readChainFromR2(chain.tenantId, chain.shard);
  const head = await logOf(chain).head(chain.tenantId, chain.shard);
  return verifyChain(entries, { manifests, chain, checkStart: true, head });
}

interface Verification {
  ok: boolean;
  findings: Array<{ kind: string; seq: number | null }>;
}

async function verifyRoute(tenantId: string, from: number): Promise<Verification> {
  const admin = await mintKey({ role: "admin" });
  const query = new URLSearchParams({ tenant: tenantId, from: new Date(from).toISOString(), to: new Date().toISOString() });
  const response = await callGateway(`/v1/audit/verify?${query}`, { headers: { authorization: `Bearer ${admin}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** The retention records in what R2 holds of the chain. */
async function retentionRecordsOf(chain: AuditChain) {
  const { entries } = await readChainFromR2(chain.tenantId, chain.shard);
  return entries.flatMap((entry) => {
    const record = readRetentionRecord(entry.record);
    return record ? [{ seq: entry.seq, record }] : [];
  });
}

const sweepLine = (lines: Array<Record<string, unknown>>, chain: AuditChain) =>
  lines.find((line) => line.event === "audit_retention" && line.tenantId === chain.tenantId && line.shard === chain.shard);

describe("the daily retention sweep", () => {
  it("deletes the batches past retention with their manifests and refs, records it in the chain, and verification still holds", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    // Crosses an hour, so a ref sits in the next hour's folder.
    const oldHour = Math.floor((now - 40 * dayMs) / hourMs) * hourMs;
    await batchOf(chain, [oldHour - 60_000, oldHour - 30_000, oldHour + 60_000]);
    await batchOf(chain, [now - 35 * dayMs, now - 35 * dayMs + 1000]);
    await batchOf(chain, [now - dayMs, now - dayMs + 1000, now - dayMs + 2000]);
    const before = await chainKeys(chain);
    expect(before.filter((key) => key.endsWith(".ref.json"))).toHaveLength(1);
    const kept = (await batchKeysOf(chain.tenantId))[2] as string;

    await runSweep();

    expect((await chainKeys(chain)).filter((key) => before.includes(key)).sort()).toEqual([kept, manifestKeyOf(kept)].sort());
    const head = await logOf(chain).head(chain.tenantId, chain.shard);
    expect(head).toMatchObject({ seq: 9, unflushed: 0 });
    const { entries } = await readChainFromR2(chain.tenantId);
    expect(entries.map((entry) => entry.seq)).toEqual([6, 7, 8, 9]);
    const records = await retentionRecordsOf(chain);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      seq: 9,
      record: { kind: "retention", tenantId: chain.tenantId, shard: 0, retentionDays: 30, deleted: { objects: 2, entries: 5, firstSeq: 1, lastSeq: 5, lastHash: entries[0]?.prevHash } },
    });
    expect(records[0]?.record.requestId).toMatch(/^retention:/);
    expect(sweepLine(logLines(), chain)).toMatchObject({ outcome: "deleted", objects: 2, entries: 5, firstSeq: 1, lastSeq: 5, records: 1, retentionDays: 30 });

    expect(await logOf(chain).retentionFloor(chain.tenantId, chain.shard)).toMatchObject({
      seq: 5,
      hash: entries[0]?.prevHash,
      recordSeq: 9,
      deleting: false,
      keptFrom: new Date(Math.floor((now - dayMs) / hourMs) * hourMs).toISOString(),
    });
    expect(await verifyFolder(chain)).toEqual([]);
    expect(await verifyRoute(chain.tenantId, now - 60 * dayMs)).toMatchObject({ ok: true, findings: [] });

    // The next day's sweep finds nothing more to delete, and appends nothing.
    await runSweep();
    expect(await logOf(chain).head(chain.tenantId, chain.shard)).toMatchObject({ seq: 9 });
  });

  it("keeps a batch that straddles the cutoff, and everything after it, even batches older than the cutoff", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    await batchOf(chain, [now - 40 * dayMs, now - 40 * dayMs + 1000]);
    await batchOf(chain, [now - 31 * dayMs, now - 29 * dayMs]);
    // Records older than the cutoff that reached the chain after the straddling batch (merged late from spills).
    await batchOf(chain, [now - 50 * dayMs]);
    await batchOf(chain, [now - dayMs]);
    const [deleted, ...rest] = await batchKeysOf(chain.tenantId);

    await runSweep();

    expect(await batchKeysOf(chain.tenantId)).toEqual(expect.arrayContaining(rest));
    expect(await bucket().head(deleted as string)).toBeNull();
    const records = await retentionRecordsOf(chain);
    expect(records.map(({ record }) => record.deleted)).toMatchObject([{ objects: 1, entries: 2, firstSeq: 1, lastSeq: 2 }]);
    expect(await verifyFolder(chain)).toEqual([]);
    expect(await verifyRoute(chain.tenantId, now - 60 * dayMs)).toMatchObject({ ok: true, findings: [] });
  });

  it("deletes nothing and appends nothing under a legal hold", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30, legalHold: true });
    const now = Date.now();
    await batchOf(chain, [now - 400 * dayMs]);
    await batchOf(chain, [now - 40 * dayMs]);
    const before = await chainKeys(chain);

    await runSweep();

    expect(await chainKeys(chain)).toEqual(before);
    expect(await logOf(chain).head(chain.tenantId, chain.shard)).toMatchObject({ seq: 2 });
    expect(await logOf(chain).retentionFloor(chain.tenantId, chain.shard)).toBeNull();
    expect(sweepLine(logLines(), chain)).toMatchObject({ outcome: "held", legalHold: true, objects: 0 });
  });

  it("applies the default retention of 180 days to a tenant without a policy", async () => {
    const chain = newChain();
    const now = Date.now();
    await batchOf(chain, [now - 200 * dayMs]);
    await batchOf(chain, [now - 100 * dayMs]);
    const [old, recent] = await batchKeysOf(chain.tenantId);

    await runSweep();

    expect(await bucket().head(old as string)).toBeNull();
    expect(await bucket().head(recent as string)).not.toBeNull();
    expect(sweepLine(logLines(), chain)).toMatchObject({ outcome: "deleted", retentionDays: 180, objects: 1 });
    expect(await verifyFolder(chain)).toEqual([]);
  });

  it("still reports batches deleted by hand, before and after retention, and deletes nothing past them", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    await batchOf(chain, [now - 45 * dayMs]);
    await batchOf(chain, [now - 40 * dayMs]);
    await batchOf(chain, [now - 10 * dayMs]);
    const [first, second] = await batchKeysOf(chain.tenantId);
    await bucket().delete([first as string, manifestKeyOf(first as string)]);
    expect((await verifyFolder(chain)).map((finding) => [finding.kind, finding.seq])).toEqual([["start_unexplained", 1]]);

    // Retention does not continue a chain whose start is already missing: the old batch after the hole stays.
    await runSweep();
    expect(await bucket().head(second as string)).not.toBeNull();
    expect(await retentionRecordsOf(chain)).toEqual([]);

    const other = newChain();
    await setAuditPolicy(other.tenantId, { retentionDays: 30 });
    await batchOf(other, [now - 40 * dayMs]);
    await batchOf(other, [now - 20 * dayMs]);
    await batchOf(other, [now - 10 * dayMs]);
    await runSweep();
    const [firstKept] = await batchKeysOf(other.tenantId);
    await bucket().delete([firstKept as string, manifestKeyOf(firstKept as string)]);
    expect((await verifyFolder(other)).map((finding) => finding.kind)).toEqual(["start_unexplained"]);
    const route = await verifyRoute(other.tenantId, now - 60 * dayMs);
    expect(route.ok).toBe(false);
    expect(route.findings).toMatchObject([{ kind: "gap", seq: 2 }]);
  });

  it("never touches another tenant's objects, and works on each shard's chain on its own", async () => {
    const chain = newChain();
    const shardOne: AuditChain = { tenantId: chain.tenantId, shard: 1 };
    // A tenant whose id begins with the first one's: its folder shares the prefix `audit/<id>`.
    const lookalike: AuditChain = { tenantId: `${chain.tenantId}2`, shard: 0 };
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    for (const each of [chain, shardOne, lookalike]) {
      await batchOf(each, [now - 40 * dayMs]);
      await batchOf(each, [now - dayMs]);
    }
    const untouched = await chainKeys(lookalike);

    await runSweep();

    expect(await chainKeys(lookalike)).toEqual(untouched);
    expect(await logOf(lookalike).head(lookalike.tenantId, 0)).toMatchObject({ seq: 2 });
    for (const each of [chain, shardOne]) {
      expect((await retentionRecordsOf(each)).map(({ seq, record }) => [seq, record.shard, record.deleted.lastSeq])).toEqual([[3, each.shard, 1]]);
      expect(await verifyFolder(each)).toEqual([]);
    }
  });

  it("exports the retention record as a chain line, and as a CSV row of its kind in unfiltered exports only", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    await batchOf(chain, [now - 40 * dayMs]);
    await runSweep();
    const auditor = await mintKey({ tenantId: chain.tenantId, role: "auditor" });
    const exported = async (query: string) => {
      const response = await callGateway(`/v1/audit/export?${query}`, { headers: { authorization: `Bearer ${auditor}` } });
      expect(response.status).toBe(200);
      return response.text();
    };
    // The test's own records are not full request records, so the export holds the retention record (and
    // the records of the auditor's own earlier requests, which the gateway audits too).
    const jsonl = (await exported("format=jsonl")).split("\n").filter((line) => line.includes('"kind":"retention"'));
    expect(jsonl).toHaveLength(1);
    expect(jsonl[0]).toContain('"seq":2,');
    const rows = (await exported("format=csv")).split("\r\n").filter((row) => row !== "");
    expect(rows[0]).toMatch(/,kind,detail$/);
    expect(rows.filter((row) => row.includes(",retention,"))).toEqual([expect.stringContaining("deleted entries 1 to 1")]);
    // The two exports above are audited after their answers: wait until their records are chained.
    await waitFor(async () => ((await logOf(chain).head(chain.tenantId, chain.shard)).seq >= 4 ? true : undefined));
    const filtered = (await exported("format=csv&status=200")).split("\r\n").filter((row) => row !== "");
    expect(filtered.length).toBeGreaterThan(1);
    expect(filtered.filter((row) => row.includes(",retention,"))).toEqual([]);
  });

  it("finishes a run that recorded its deletion but was interrupted before deleting everything", async () => {
    const chain = newChain();
    await setAuditPolicy(chain.tenantId, { retentionDays: 30 });
    const now = Date.now();
    await batchOf(chain, [now - 40 * dayMs]);
    await batchOf(chain, [now - dayMs]);
    const [interrupted] = await batchKeysOf(chain.tenantId);
    const { entries } = await readChainFromR2(chain.tenantId);
    const lastHash = entries[0]?.hash as string;
    // What a run leaves when its invocation ends between recording and deleting: the record, the floor marked deleting.
    const deleted = { objects: 1, entries: 1, firstSeq: 1, lastSeq: 1, lastHash };
    const record = retentionRecordText({ ...chain, retentionDays: 30, cutoffMs: now - 30 * dayMs, deleted }, now);
    const { firstSeq: recordSeq } = await logOf(chain).append(chain.tenantId, chain.shard, [record]);
    await runInDurableObject(logOf(chain), (_instance, state) =>
      new RetentionFloorStore(state.storage).raise({ seq: 1, hash: lastHash, recordSeq, cutoffMs: now - 30 * dayMs, keptFromMs: null, now }),
    );
    await logOf(chain).flush(chain.tenantId, chain.shard);
    expect(await logOf(chain).retentionFloor(chain.tenantId, chain.shard)).toMatchObject({ seq: 1, deleting: true });
    // While it is deleting, the route does not hold the period to the new start.
    expect(await verifyRoute(chain.tenantId, now - 60 * dayMs)).toMatchObject({ ok: true });

    await runSweep();

    expect(await bucket().head(interrupted as string)).toBeNull();
    expect(await bucket().head(manifestKeyOf(interrupted as string))).toBeNull();
    expect(await logOf(chain).retentionFloor(chain.tenantId, chain.shard)).toMatchObject({ seq: 1, deleting: false });
    expect(sweepLine(logLines(), chain)).toMatchObject({ outcome: "kept", leftovers: 2, records: 0 });
    expect(await retentionRecordsOf(chain)).toHaveLength(1);
    expect(await verifyFolder(chain)).toEqual([]);
  });

  it("skips a tenant whose policy in KV is not valid, and a failing chain does not stop the others", async () => {
    const invalid = newChain();
    const unreadable = newChain();
    const fine = newChain();
    await env.KEYS.put(tenantPolicyKey(invalid.tenantId), JSON.stringify({ audit: { retentionDays: 0, legalHold: true } }));
    await env.KEYS.put(tenantPolicyKey(unreadable.tenantId), "{ not json");
    await setAuditPolicy(fine.tenantId, { retentionDays: 30 });
    const now = Date.now();
    for (const each of [invalid, unreadable, fine]) await batchOf(each, [now - 40 * dayMs]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);

    await runSweep();

    const errorLines = errors.mock.calls
      .map((args) => String(args[0]))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errorLines).toContainEqual(expect.objectContaining({ event: "audit_retention_skipped", tenantId: invalid.tenantId }));
    expect(errorLines).toContainEqual(expect.objectContaining({ event: "audit_retention_failed", tenantId: unreadable.tenantId }));
    expect(await batchKeysOf(invalid.tenantId)).toHaveLength(1);
    expect(await batchKeysOf(unreadable.tenantId)).toHaveLength(1);
    expect(sweepLine(logLines(), fine)).toMatchObject({ outcome: "deleted", objects: 1 });
  });
});
