import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { batchText } from "../../src/audit/batch-object";
import { type ChainEntry, entryHash, genesisHash } from "../../src/audit/chain";
import { jsonlLine } from "../../src/audit/export-formats";
import type { AuditChain } from "../../src/audit/log-name";
import { buildManifest } from "../../src/audit/manifest";
import { batchObjectKey, manifestKeyOf } from "../../src/audit/object-keys";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "audit-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const time = Date.UTC(2026, 10, 3, 14, 5);

function chain(count: number, prefix = "r"): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq++) {
    const record = JSON.stringify({ v: 1, requestId: `${prefix}-${seq}`, time: new Date(time + seq).toISOString(), status: 200 });
    const hash = entryHash(seq, prevHash, record);
    entries.push({ seq, prevHash, hash, record });
    prevHash = hash;
  }
  return entries;
}

const acme: AuditChain = { tenantId: "acme", shard: 0 };

/** Writes batches as the AuditLog object of `owner` does, into a folder laid out like `aws s3 sync` of the bucket. */
function writeBucketCopy(folder: string, entries: readonly ChainEntry[], perBatch: number, owner: AuditChain = acme): void {
  for (let start = 0; start < entries.length; start += perBatch) {
    const batch = entries.slice(start, start + perBatch);
    const first = batch[0] as ChainEntry;
    const last = batch.at(-1) as ChainEntry;
    const key = batchObjectKey(owner, time, first.seq, last.seq);
    const body = gzipSync(batchText(batch));
    const sha256 = createHash("sha256").update(body).digest("hex");
    const manifest = buildManifest(owner, key, batch.map((entry) => ({ ...entry, time })), { sha256, bytes: body.byteLength }, time);
    mkdirSync(join(folder, key, ".."), { recursive: true });
    writeFileSync(join(folder, key), body);
    writeFileSync(join(folder, manifestKeyOf(key)), JSON.stringify(manifest));
  }
}

function runAudit(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/audit.ts", ...args], { cwd: root, encoding: "utf8" });
}

describe("npm run audit -- verify", () => {
  it("passes a folder copied out of R2, and an export file", () => {
    const folder = join(work, "clean");
    const entries = chain(25);
    writeBucketCopy(folder, entries, 10);
    const result = runAudit("verify", folder);
    expect(result.stdout).toContain("25 entries, seq 1 to 25");
    expect(result.stdout).toContain("OK: nothing altered");
    expect(result.status).toBe(0);

    const file = join(work, "export.jsonl");
    writeFileSync(file, batchText(entries));
    expect(runAudit("verify", file).status).toBe(0);
  });

  it("fails, naming what it found, when a record is altered or a line removed", () => {
    const entries = chain(12);
    const altered = entries.map((entry) => (entry.seq === 5 ? { ...entry, record: entry.record.replace('"status":200', '"status":500') } : entry));
    const alteredFolder = join(work, "altered");
    writeBucketCopy(alteredFolder, altered, 6);
    const result = runAudit("verify", alteredFolder);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("altered");

    const file = join(work, "gap.jsonl");
    writeFileSync(file, batchText(entries.filter((entry) => entry.seq !== 7)));
    const gap = runAudit("verify", file);
    expect(gap.status).toBe(1);
    expect(gap.stdout).toMatch(/gap|broken_link/);
  });

  it("verifies each chain of a sharded tenant on its own, in a bucket copy and in an export", () => {
    const folder = join(work, "sharded");
    const first = chain(12, "s0");
    const second = chain(7, "s1");
    writeBucketCopy(folder, first, 5);
    writeBucketCopy(folder, second, 5, { tenantId: "acme", shard: 1 });
    const clean = runAudit("verify", join(folder, "audit"));
    expect(clean.stdout).toContain("acme: 12 entries, seq 1 to 12");
    expect(clean.stdout).toContain("acme@1: 7 entries, seq 1 to 7");
    expect(clean.status).toBe(0);

    const altered = second.map((entry) => (entry.seq === 3 ? { ...entry, record: entry.record.replace('"status":200', '"status":500') } : entry));
    const alteredFolder = join(work, "sharded-altered");
    writeBucketCopy(alteredFolder, first, 5);
    writeBucketCopy(alteredFolder, altered, 5, { tenantId: "acme", shard: 1 });
    const result = runAudit("verify", join(alteredFolder, "audit"));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/acme: 12 entries, seq 1 to 12; 0 unreadable lines; 0 findings/);
    expect(result.stdout).toMatch(/acme@1: 7 entries, seq 1 to 7; 0 unreadable lines; [1-9]\d* findings\n {2}altered: entry 3/);

    // An export: chain after chain, each line naming its shard.
    const file = join(work, "sharded.jsonl");
    const lines = [...first.map((entry) => jsonlLine(entry, 0)), ...second.map((entry) => jsonlLine(entry, 1))];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const exported = runAudit("verify", file);
    expect(exported.stdout).toContain("shard 0: 12 entries");
    expect(exported.stdout).toContain("shard 1: 7 entries");
    expect(exported.status).toBe(0);
    writeFileSync(file, `${lines.filter((line) => !line.startsWith('{"shard":1,"seq":4,')).join("\n")}\n`);
    const gap = runAudit("verify", file);
    expect(gap.status).toBe(1);
    expect(gap.stdout).toMatch(/shard 1: 6 entries, seq 1 to 7; 0 unreadable lines; [1-9]\d* findings\n {2}(gap|broken_link)/);
  });

  it("says how to use it when asked for nothing it knows", () => {
    const result = runAudit("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run audit -- verify");
  });
});
