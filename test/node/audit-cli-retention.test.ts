import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { batchText } from "../../src/audit/batch-object";
import { type ChainEntry, entryHash, genesisHash } from "../../src/audit/chain";
import type { AuditChain } from "../../src/audit/log-name";
import { buildManifest } from "../../src/audit/manifest";
import { batchObjectKey, manifestKeyOf } from "../../src/audit/object-keys";
import { retentionRecordText } from "../../src/audit/retention-record";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "audit-cli-retention-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const acme: AuditChain = { tenantId: "acme", shard: 0 };
const time = Date.UTC(2026, 10, 3, 14, 5);

/** 20 request records, then a retention record deleting entries 1 to 10 (the first two batches of five), then 4 more. */
function chainWithRetention(): ChainEntry[] {
  const entries: ChainEntry[] = [];
  const add = (record: string): void => {
    const seq = entries.length + 1;
    const prevHash = entries.at(-1)?.hash ?? genesisHash;
    entries.push({ seq, prevHash, hash: entryHash(seq, prevHash, record), record });
  };
  for (let seq = 1; seq <= 20; seq++) add(JSON.stringify({ v: 1, kind: "request", requestId: `r-${seq}`, time: new Date(time + seq).toISOString(), status: 200 }));
  const deleted = { objects: 2, entries: 10, firstSeq: 1, lastSeq: 10, lastHash: entries[9]?.hash ?? "" };
  add(retentionRecordText({ ...acme, retentionDays: 30, cutoffMs: time + 100, deleted }, time + 1000));
  for (let seq = 22; seq <= 25; seq++) add(JSON.stringify({ v: 1, kind: "request", requestId: `r-${seq}`, time: new Date(time + seq * 1000).toISOString(), status: 200 }));
  return entries;
}

/** The batches of five holding `entries`, laid out as `aws s3 sync` copies the bucket. */
function writeBucketCopy(folder: string, entries: readonly ChainEntry[]): void {
  for (let start = 0; start < entries.length; start += 5) {
    const batch = entries.slice(start, start + 5);
    const first = batch[0] as ChainEntry;
    const last = batch.at(-1) as ChainEntry;
    const key = batchObjectKey(acme, time, first.seq, last.seq);
    const body = gzipSync(batchText(batch));
    const sha256 = createHash("sha256").update(body).digest("hex");
    const manifest = buildManifest(acme, key, batch.map((entry) => ({ ...entry, time })), { sha256, bytes: body.byteLength }, time);
    mkdirSync(join(folder, key, ".."), { recursive: true });
    writeFileSync(join(folder, key), body);
    writeFileSync(join(folder, manifestKeyOf(key)), JSON.stringify(manifest));
  }
}

function runAudit(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/audit.ts", ...args], { cwd: root, encoding: "utf8" });
}

describe("npm run audit -- verify <folder> after retention", () => {
  it("passes a chain whose start a retention record in it explains", () => {
    const folder = join(work, "retained");
    writeBucketCopy(folder, chainWithRetention().filter((entry) => entry.seq > 10));
    const result = runAudit("verify", folder);
    expect(result.stdout).toContain("15 entries, seq 11 to 25");
    expect(result.stdout).toContain("OK: nothing altered");
    expect(result.status).toBe(0);
  });

  it("fails a chain whose first batches were removed without a retention record, unless told the folder is partial", () => {
    const folder = join(work, "removed");
    writeBucketCopy(folder, chainWithRetention().filter((entry) => entry.seq > 15));
    const result = runAudit("verify", folder);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("start_unexplained");
    expect(runAudit("verify", folder, "--partial").status).toBe(0);
  });
});
