import { describe, expect, it } from "vitest";
import { batchLine, batchText, gunzipText, gzipText, parseBatchLine, parseBatchText, sha256HexOfBytes } from "./batch-object";
import { entryHash, genesisHash } from "./chain";
import { jsonlLine } from "./export-formats";
import {
  batchKeyOfManifest,
  batchObjectKey,
  batchRefKey,
  chainOfFolder,
  chainSpillPrefix,
  manifestKeyOf,
  parseBatchKey,
  sortBatchKeys,
  spillKey,
} from "./object-keys";
import { readRecord } from "./record-fields";

const record = '{"requestId":"r1","time":"2026-03-04T05:06:07.000Z","note":"caf\\u00e9 } \\"quoted\\""}';
const entry = { seq: 7, prevHash: genesisHash, hash: entryHash(7, genesisHash, record), record };

describe("batch lines", () => {
  it("keep the record's text byte for byte, so the hash still matches once read back", () => {
    const line = batchLine(entry);
    expect(line).toBe(`{"seq":7,"prevHash":"${genesisHash}","hash":"${entry.hash}","record":${record}}`);
    expect(JSON.parse(line)).toMatchObject({ seq: 7, record: { requestId: "r1", note: 'café } "quoted"' } });
    expect(parseBatchText(batchText([entry, { ...entry, seq: 8 }]))).toEqual([
      { ok: true, entry, shard: null },
      { ok: true, entry: { ...entry, seq: 8 }, shard: null },
    ]);
  });

  it("read an export line, which names its shard first, with the record's bytes as hashed", () => {
    const line = jsonlLine(entry, 3);
    expect(line).toBe(`{"shard":3,"seq":7,"prevHash":"${genesisHash}","hash":"${entry.hash}","record":${record}}`);
    expect(parseBatchText(`${line}\n`)).toEqual([{ ok: true, entry, shard: 3 }]);
    const reformatted = JSON.stringify({ seq: 7, shard: 1, prevHash: genesisHash, hash: entry.hash, record: { a: 1 } });
    expect(parseBatchLine(reformatted, 1)).toMatchObject({ ok: true, shard: 1 });
    expect(parseBatchLine(reformatted.replace('"shard":1', '"shard":"1"'), 1)).toEqual({ ok: false, line: 1, detail: "its shard is not a shard number" });
  });

  it("read a line reformatted by a tool as JSON, and report lines that are not entries", () => {
    const reformatted = JSON.stringify({ hash: entry.hash, seq: 7, record: { a: 1 }, prevHash: genesisHash });
    expect(parseBatchText(`${reformatted}\r\nnot json\n[1]\n{"seq":1}\n\n`)).toEqual([
      { ok: true, entry: { seq: 7, prevHash: genesisHash, hash: entry.hash, record: '{"a":1}' }, shard: null },
      { ok: false, line: 2, detail: "not JSON" },
      { ok: false, line: 3, detail: "missing seq, prevHash, hash or record" },
      { ok: false, line: 4, detail: "missing seq, prevHash, hash or record" },
    ]);
  });

  it("survive gzip and back, and the object's digest is crypto.subtle's", async () => {
    const text = batchText([entry]);
    const bytes = await gzipText(text);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(await gunzipText(bytes)).toBe(text);
    expect(await sha256HexOfBytes(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("object keys", () => {
  const acme = { tenantId: "acme", shard: 0 };

  it("file a batch under the UTC hour of its first record, with zero-padded sequence numbers", () => {
    const key = batchObjectKey(acme, Date.parse("2026-03-04T05:59:59.999+00:00"), 1, 500);
    expect(key).toBe("audit/acme/2026/03/04/05/000000000001-000000000500.ndjson.gz");
    expect(manifestKeyOf(key)).toBe("audit/acme/2026/03/04/05/000000000001-000000000500.manifest.json");
    expect(batchKeyOfManifest(manifestKeyOf(key))).toBe(key);
    expect(parseBatchKey(key)).toEqual({ chain: acme, firstSeq: 1, lastSeq: 500, hour: "2026-03-04T05" });
    expect(parseBatchKey(`/tmp/copy/${key}`)?.lastSeq).toBe(500);
    expect(parseBatchKey("audit/acme/2026/03/04/05/1-500.ndjson.gz")).toBeNull();
  });

  it("sort in chain order by the sequence numbers in their names, not by folder, and refs sit in their own hour", () => {
    const late = batchObjectKey(acme, Date.parse("2026-03-04T03:00:00Z"), 501, 600);
    const early = batchObjectKey(acme, Date.parse("2026-03-04T05:00:00Z"), 1, 500);
    expect(sortBatchKeys([late, early])).toEqual([early, late]);
    expect(batchRefKey(acme, Date.parse("2026-03-04T03:00:00Z"), 501, 600)).toBe("audit/acme/2026/03/04/03/000000000501-000000000600.ref.json");
  });

  it("encode the tenant as one path segment, the same way for batches and spills", () => {
    const key = batchObjectKey({ tenantId: "a/b c", shard: 0 }, 0, 1, 2);
    expect(key).toBe("audit/a%2Fb%20c/1970/01/01/00/000000000001-000000000002.ndjson.gz");
    expect(parseBatchKey(key)?.chain).toEqual({ tenantId: "a/b c", shard: 0 });
    expect(chainSpillPrefix({ tenantId: "a/b c", shard: 0 })).toBe("audit-spill/a%2Fb%20c/");
  });

  it("give each shard after the first a folder and a spill prefix of its own, which read back as its chain", () => {
    const third = { tenantId: "acme", shard: 2 };
    const key = batchObjectKey(third, Date.parse("2026-03-04T05:00:00Z"), 1, 500);
    expect(key).toBe("audit/acme@2/2026/03/04/05/000000000001-000000000500.ndjson.gz");
    expect(parseBatchKey(key)?.chain).toEqual(third);
    expect(spillKey(third, "req/1").startsWith("audit-spill/acme@2/req%2F1.")).toBe(true);
    expect(chainSpillPrefix(acme)).toBe("audit-spill/acme/");
    // Tenant `acme@2` is not shard 2 of `acme`, and `acme@0` names no chain.
    expect(parseBatchKey(batchObjectKey({ tenantId: "acme@2", shard: 0 }, 0, 1, 1))?.chain).toEqual({ tenantId: "acme@2", shard: 0 });
    expect(parseBatchKey("audit/acme@0/1970/01/01/00/000000000001-000000000001.ndjson.gz")).toBeNull();
    expect(chainOfFolder("audit/", "audit/acme@2/")).toEqual(third);
    expect(chainOfFolder("audit/", "audit/acme%402/")).toEqual({ tenantId: "acme@2", shard: 0 });
    expect(chainOfFolder("audit-spill/", "audit-spill/acme2/")).toEqual({ tenantId: "acme2", shard: 0 });
    expect(chainOfFolder("audit/", "audit/acme@x/")).toBeNull();
  });
});

describe("readRecord", () => {
  it("keeps a record's text as sent and reads its request id and time", () => {
    expect(readRecord(record)).toEqual({
      ok: true,
      input: { record, requestId: "r1", time: Date.parse("2026-03-04T05:06:07.000Z"), bytes: new TextEncoder().encode(record).length },
    });
  });

  it("re-serializes a pretty-printed record so that it stays one line", () => {
    const pretty = JSON.stringify({ requestId: "r2", time: "2026-03-04T05:06:07+02:00" }, null, 2);
    const reading = readRecord(pretty);
    expect(reading.ok && reading.input.record).toBe('{"requestId":"r2","time":"2026-03-04T05:06:07+02:00"}');
    expect(reading.ok && reading.input.time).toBe(Date.parse("2026-03-04T03:06:07Z"));
  });

  it("refuses what is not a record", () => {
    for (const json of ["nope", "[]", "null", '{"requestId":"r"}', '{"requestId":"","time":"2026-01-01T00:00:00Z"}', '{"requestId":"r","time":"yesterday"}']) {
      expect(readRecord(json).ok, json).toBe(false);
    }
  });
});
