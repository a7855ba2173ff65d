import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { batchText } from "../../src/audit/batch-object";
import { type ChainEntry, entryHash, genesisHash } from "../../src/audit/chain";
import { buildManifest } from "../../src/audit/manifest";
import { batchObjectKey, manifestKeyOf } from "../../src/audit/object-keys";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "audit-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const time = Date.UTC(2026, 10, 3, 14, 5);

function chain(count: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq++) {
    const record = JSON.stringify({ v: 1, requestId: `r-${seq}`, time: new Date(time + seq).toISOString(), status: 200 });
    const hash = entryHash(seq, prevHash, record);
    entries.push({ seq, prevHash, hash, record });
    prevHash = hash;
  }
  return entries;
}

/** Writes batches as the AuditLog object does, into a folder laid out like `aws s3 sync` of the bucket. */
function writeBucketCopy(folder: string, entries: readonly ChainEntry[], perBatch: number): void {
  for (let start = 0; start < entries.length; start += perBatch) {
    const batch = entries.slice(start, start + perBatch);
    const first = batch[0] as ChainEntry;
    const last = batch.at(-1) as ChainEntry;
    const key = batchObjectKey("acme", time, first.seq, last.seq);
    const body = gzipSync(batchText(batch));
    const sha256 = createHash("sha256").update(body).digest("hex");
    const manifest = buildManifest("acme", key, batch.map((entry) => ({ ...entry, time })), { sha256, bytes: body.byteLength }, time);
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

  it("says how to use it when asked for nothing it knows", () => {
    const result = runAudit("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run audit -- verify");
  });
});
