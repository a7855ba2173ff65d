import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { gunzipText, sha256HexOfBytes } from "../../src/audit/batch-object";
import { entryHash, genesisHash, verifyChain } from "../../src/audit/chain";
import { auditSchemaVersion } from "../../src/audit/contract";
import { chainSpillPrefix } from "../../src/audit/object-keys";
import { GatewayError } from "../../src/errors/gateway-error";
import { auditFlushPolicy } from "../../src/state/audit-log";
import {
  alarmOf,
  auditLog,
  auditRecord,
  batchKeysOf,
  bucket,
  flushByAlarm,
  heldCountBecomes,
  insideAuditLog,
  heldEntries,
  makeDue,
  manifestKeyOf,
  newTenant,
  objectBytes,
  readChainFromR2,
  records,
  restart,
  spillKeysOf,
} from "./audit-log-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("appending", () => {
  it("numbers records 1, 2, 3 ... and chains each to the previous one, also under concurrent calls", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    const first = auditRecord("r-1");
    expect(await stub.append(tenantId, 0, [first, auditRecord("r-2")])).toEqual({ firstSeq: 1, lastSeq: 2 });
    expect(await stub.append(tenantId, 0, [auditRecord("r-3")])).toEqual({ firstSeq: 3, lastSeq: 3 });
    expect(await stub.append(tenantId, 0, [])).toEqual({ firstSeq: 4, lastSeq: 3 });

    const ranges = await Promise.all(Array.from({ length: 20 }, (_, call) => stub.append(tenantId, 0, records(`c${call}`, 3))));
    const numbers = ranges.flatMap(({ firstSeq, lastSeq }) => Array.from({ length: lastSeq - firstSeq + 1 }, (_, index) => firstSeq + index));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index + 4));

    const held = await heldEntries(stub);
    expect(held.map((entry) => entry.seq)).toEqual(Array.from({ length: 63 }, (_, index) => index + 1));
    expect(verifyChain(held, { start: { seq: 1, prevHash: genesisHash } })).toEqual([]);
    // The synchronous hash is the one crypto.subtle gives for the documented input.
    const input = new TextEncoder().encode(`1\n${genesisHash}\n${first}`);
    const subtle = [...new Uint8Array(await crypto.subtle.digest("SHA-256", input))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    expect(held[0]).toEqual({ seq: 1, prevHash: genesisHash, hash: subtle, record: first });
    expect(await stub.head(tenantId, 0)).toEqual({ tenantId, shard: 0, seq: 63, hash: held[62]?.hash, unflushed: 63 });
    expect(await stub.unflushed(tenantId, 0)).toEqual(held);
    expect(await stub.unflushed(tenantId, 0, 60, 2)).toEqual(held.slice(60, 62));
  });

  it("stores before answering: a restarted object holds every acknowledged record and continues the chain", async () => {
    const tenantId = newTenant();
    const before = auditLog(tenantId);
    await before.append(tenantId, 0, records("before", 5));
    const instanceBefore = await insideAuditLog(before, (instance) => instance);
    const stub = await restart(tenantId);

    expect(await stub.append(tenantId, 0, [auditRecord("after-1")])).toEqual({ firstSeq: 6, lastSeq: 6 });
    expect(await insideAuditLog(stub, (instance) => instance === instanceBefore)).toBe(false);
    const held = await heldEntries(stub);
    expect(held.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(held, { start: { seq: 1, prevHash: genesisHash } })).toEqual([]);
    expect(await alarmOf(stub)).not.toBeNull();
  });

  // The refusals are called on the instance: under vitest-pool-workers 0.15 every rejecting stub call
  // also leaks an unhandled rejection (workers-sdk#14736), though a real caller sees a plain rejection.
  it("refuses every call for a tenant other than the one its name and first record belong to, and records that are not records", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await insideAuditLog(stub, (instance) => expect(() => instance.append("someone-else", 0, [auditRecord("x")])).toThrow(GatewayError));
    await stub.append(tenantId, 0, [auditRecord("mine")]);
    await insideAuditLog(stub, async (instance) => {
      expect(() => instance.append("someone-else", 0, [auditRecord("x")])).toThrow(GatewayError);
      expect(() => instance.head("someone-else", 0)).toThrow(GatewayError);
      expect(() => instance.unflushed("someone-else", 0)).toThrow(GatewayError);
      await expect(instance.flush("someone-else", 0)).rejects.toThrow(GatewayError);
      expect(() => instance.append(tenantId, 0, [auditRecord("fine"), "{not json"])).toThrow(GatewayError);
      expect(() => instance.append(tenantId, 0, [JSON.stringify({ requestId: "no-time" })])).toThrow(GatewayError);
    });
    const unnamed = env.AUDIT_LOG.get(env.AUDIT_LOG.newUniqueId());
    await insideAuditLog(unnamed, (instance) => expect(() => instance.append(tenantId, 0, [auditRecord("x")])).toThrow(GatewayError));
    expect((await heldEntries(stub)).map((entry) => JSON.parse(entry.record).requestId)).toEqual(["mine"]);
  });
});

describe("flushing to R2", () => {
  it("writes one gzip NDJSON object and its manifest once a batch is full, and keeps only the chain head", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    const appended = records("full", auditFlushPolicy.records, "2026-03-04T05:59:59.000Z");
    await stub.append(tenantId, 0, appended);
    // A full batch asks for the alarm at once, so it may have run already.
    expect((await alarmOf(stub)) ?? 0).toBeLessThanOrEqual(Date.now());
    await heldCountBecomes(stub, 0);

    const key = `audit/${tenantId}/2026/03/04/05/000000000001-000000000500.ndjson.gz`;
    expect(await batchKeysOf(tenantId)).toEqual([key]);
    const bytes = await objectBytes(key);
    const lines = (await gunzipText(bytes)).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(500);
    let prevHash = genesisHash;
    for (const [index, line] of lines.entries()) {
      const seq = index + 1;
      const record = appended[index] ?? "";
      const hash = entryHash(seq, prevHash, record);
      expect(line).toBe(`{"seq":${seq},"prevHash":"${prevHash}","hash":"${hash}","record":${record}}`);
      prevHash = hash;
    }
    const manifest = await (await bucket().get(manifestKeyOf(key)))?.json();
    expect(manifest).toEqual({
      schemaVersion: auditSchemaVersion,
      tenant: tenantId,
      shard: 0,
      object: key,
      count: 500,
      firstSeq: 1,
      lastSeq: 500,
      firstPrevHash: genesisHash,
      firstHash: JSON.parse(lines[0] ?? "{}").hash,
      lastHash: prevHash,
      objectSha256: await sha256HexOfBytes(bytes),
      objectBytes: bytes.byteLength,
      minRecordTime: "2026-03-04T05:59:59.000Z",
      maxRecordTime: "2026-03-04T05:59:59.000Z",
      createdAt: expect.any(String),
    });

    expect(await heldEntries(stub)).toEqual([]);
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT seq, hash FROM chain_head").one())).toEqual({ seq: 500, hash: prevHash });
    expect(await stub.append(tenantId, 0, [auditRecord("next")])).toEqual({ firstSeq: 501, lastSeq: 501 });
    expect((await heldEntries(stub))[0]?.prevHash).toBe(prevHash);
  });

  it("writes what is held when the oldest entry is due, by alarm, and needs no alarm after", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    const before = Date.now();
    await stub.append(tenantId, 0, records("aged", 3));
    const alarm = (await alarmOf(stub)) ?? 0;
    expect(alarm).toBeGreaterThanOrEqual(before + auditFlushPolicy.ageMs);
    expect(alarm).toBeLessThanOrEqual(Date.now() + auditFlushPolicy.ageMs);
    expect(await batchKeysOf(tenantId)).toEqual([]);

    // Run early, the alarm writes nothing and stays armed for the oldest entry's time.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await batchKeysOf(tenantId)).toEqual([]);
    expect(await alarmOf(stub)).toBe(alarm);

    await makeDue(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await batchKeysOf(tenantId)).toEqual([`audit/${tenantId}/2026/03/04/05/000000000001-000000000003.ndjson.gz`]);
    expect(await heldEntries(stub)).toEqual([]);
    expect(await alarmOf(stub)).toBeNull();
  });

  it("counts a batch full by its size too: large records leave in smaller batches", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    const large = Array.from({ length: 5 }, (_, index) => auditRecord(`large-${index + 1}`, undefined, { content: "x".repeat(1024 * 1024) }));
    await stub.append(tenantId, 0, large);
    await heldCountBecomes(stub, 2);
    expect((await batchKeysOf(tenantId)).map((key) => key.slice(key.lastIndexOf("/") + 1))).toEqual(["000000000001-000000000003.ndjson.gz"]);
    expect((await heldEntries(stub)).map((entry) => entry.seq)).toEqual([4, 5]);
  });

  it("keeps R2 writes per record far below one: 1,200 records in calls of 40 make three objects and three manifests", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    for (let call = 0; call < 30; call++) await stub.append(tenantId, 0, records(`load${call}`, 40));
    // Full batches leave by themselves; the rest waits for its age, or for `flush`.
    await heldCountBecomes(stub, 200);
    expect(await stub.flush(tenantId, 0)).toEqual({ spillScan: "done", merged: 0, duplicates: 0, invalid: 0, objects: 1, unflushed: 0 });
    const keys = await batchKeysOf(tenantId);
    expect(keys.map((key) => key.slice(key.lastIndexOf("/") + 1))).toEqual([
      "000000000001-000000000500.ndjson.gz",
      "000000000501-000000001000.ndjson.gz",
      "000000001001-000000001200.ndjson.gz",
    ]);
    const { entries, manifests } = await readChainFromR2(tenantId);
    expect(entries).toHaveLength(1200);
    expect(verifyChain(entries, { manifests, chain: { tenantId, shard: 0 }, start: { seq: 1, prevHash: genesisHash }, head: await stub.head(tenantId, 0) })).toEqual([]);
  });

  it("keeps every entry when R2 refuses the write, and tries again later with a growing delay", async () => {
    // A real R2 failure: keys are limited to 1,024 bytes, and this tenant's batch keys are longer.
    const tenantId = `long-${"x".repeat(1000)}`;
    const stub = auditLog(tenantId);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await stub.append(tenantId, 0, records("kept", 4));
    await makeDue(stub);
    const started = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect((await heldEntries(stub)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    const pending = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT first_seq, last_seq FROM pending_batch").toArray());
    expect(pending).toEqual([{ first_seq: 1, last_seq: 4 }]);
    const firstRetry = ((await alarmOf(stub)) ?? 0) - started;
    expect(firstRetry).toBeGreaterThan(500);
    expect(firstRetry).toBeLessThan(5_000);
    expect(errors.mock.calls.map((args) => String(args[0])).some((line) => line.includes('"event":"audit_flush_failed"'))).toBe(true);

    await stub.append(tenantId, 0, records("more", 2));
    await insideAuditLog(stub, (instance) => expect(instance.flush(tenantId, 0)).rejects.toThrow(GatewayError));
    expect((await heldEntries(stub)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(((await alarmOf(stub)) ?? 0) - Date.now()).toBeGreaterThan(firstRetry);
    expect((await bucket().list({ prefix: "audit/long-" })).objects).toEqual([]);
  });
});

describe("records spilled to R2 by the Worker", () => {
  async function spill(tenantId: string, requestId: string, body: string): Promise<string> {
    const key = `${chainSpillPrefix({ tenantId, shard: 0 })}${encodeURIComponent(requestId)}.${crypto.randomUUID()}.json`;
    await bucket().put(key, body);
    return key;
  }

  it("are chained exactly once, after the records already there, and their objects deleted; invalid ones stay", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    const direct = auditRecord("req-a", "2026-03-04T05:00:03.000Z");
    await stub.append(tenantId, 0, [direct]);
    // req-a's answer was lost, so the Worker spilled it as well; req-b was spilled twice.
    await spill(tenantId, "req-a", direct);
    const recordB = auditRecord("req-b", "2026-03-04T05:00:02.000Z");
    await spill(tenantId, "req-b", recordB);
    await spill(tenantId, "req-b", recordB);
    const recordC = auditRecord("req-c", "2026-03-04T05:00:01.000Z");
    const keyC = await spill(tenantId, "req-c", recordC);
    const invalid = await spill(tenantId, "req-bad", "{ torn");
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    expect(await stub.flush(tenantId, 0)).toEqual({ spillScan: "done", merged: 2, duplicates: 2, invalid: 1, objects: 1, unflushed: 0 });
    expect(await spillKeysOf(tenantId)).toEqual([invalid]);
    const { entries, manifests } = await readChainFromR2(tenantId);
    expect(entries.map((entry) => entry.record)).toEqual([direct, recordC, recordB]);
    expect(verifyChain(entries, { manifests, start: { seq: 1, prevHash: genesisHash } })).toEqual([]);
    // The direct append keeps req-a's id in one row; the merged spills keep theirs, their objects deleted.
    const remembered = await runInDurableObject(stub, (_instance, state) => ({
      merged: state.storage.sql.exec("SELECT request_id, object_deleted FROM merged_spills ORDER BY request_id").toArray(),
      appends: state.storage.sql.exec("SELECT request_ids FROM recent_appends").toArray(),
    }));
    expect(remembered).toEqual({
      merged: [
        { request_id: "req-b", object_deleted: 1 },
        { request_id: "req-c", object_deleted: 1 },
      ],
      appends: [{ request_ids: "req-a" }],
    });

    // As if the object had stopped between storing req-c and deleting its object, then restarted.
    await bucket().put(keyC, recordC);
    const restarted = await restart(tenantId);
    expect(await restarted.flush(tenantId, 0)).toEqual({ spillScan: "done", merged: 0, duplicates: 1, invalid: 1, objects: 0, unflushed: 0 });
    expect(await spillKeysOf(tenantId)).toEqual([invalid]);
    expect((await restarted.head(tenantId, 0)).seq).toBe(3);
  });

  it("start a chain for a tenant whose every record was spilled, and are merged by the alarm too", async () => {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    await spill(tenantId, "only", auditRecord("only"));
    expect(await stub.flush(tenantId, 0)).toMatchObject({ merged: 1, objects: 1 });
    // Spilled two hours before it is merged: the batch goes in the folder of its first record's hour,
    // and a ref in the older hour's folder points to it, so a listing of that hour finds the record.
    await spill(tenantId, "later", auditRecord("later", "2026-03-04T03:10:00.000Z"));
    await stub.append(tenantId, 0, [auditRecord("direct")]);
    // Alarms list the spill prefix at most once a minute; a fresh instance lists at its first.
    const restarted = await restart(tenantId);
    await flushByAlarm(restarted);
    expect(await spillKeysOf(tenantId)).toEqual([]);
    const { entries } = await readChainFromR2(tenantId);
    expect(entries.map((entry) => JSON.parse(entry.record).requestId)).toEqual(["only", "direct", "later"]);
    const batch = `audit/${tenantId}/2026/03/04/05/000000000002-000000000003.ndjson.gz`;
    expect(await batchKeysOf(tenantId)).toContain(batch);
    const ref = await bucket().get(`audit/${tenantId}/2026/03/04/03/000000000002-000000000003.ref.json`);
    expect(await ref?.json()).toEqual({ schemaVersion: auditSchemaVersion, object: batch, firstSeq: 2, lastSeq: 3 });
  });
});
