// `npm run audit -- verify <export.jsonl | folder copied out of R2>`
// `npm run audit -- export --url <gateway> --key <auditor or admin key> [--tenant <id>] [--from <iso>] [--to <iso>]
//    [--format jsonl|csv] [--out <file>]`
// Verifies an audit trail offline (docs/audit-chain.md, "Verifying"), or exports one through the API with progress.
import { createWriteStream, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { parseBatchText } from "../src/audit/batch-object";
import { type LocatedEntry, verifyChain } from "../src/audit/chain";
import type { ChainFinding } from "../src/audit/findings";
import type { ManifestInput } from "../src/audit/manifest";
import { usageFailure } from "./lib/cli";

const usage = `usage: npm run audit -- verify <export.jsonl | folder copied out of R2>
       npm run audit -- export --url <gateway URL> --key <auditor or admin key> [--tenant <id>] [--from <ISO time>] [--to <ISO time>] [--format jsonl|csv] [--out <file>]`;
const fail = usageFailure(usage);
const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    key: { type: "string" },
    tenant: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    format: { type: "string", default: "jsonl" },
    out: { type: "string" },
  },
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

const batchName = /(\d{12})-(\d{12})\.ndjson\.gz$/;

/** A folder synced from R2 (`audit/<tenant>/...` or below): every batch in sequence order, with its manifest. */
function readFolder(folder: string): { entries: LocatedEntry[]; manifests: ManifestInput[]; unreadable: number } {
  const files = filesUnder(folder);
  const batches = files.filter((path) => batchName.test(path)).sort((a, b) => Number(batchName.exec(a)?.[1]) - Number(batchName.exec(b)?.[1]));
  const entries: LocatedEntry[] = [];
  const manifests: ManifestInput[] = [];
  let unreadable = 0;
  for (const path of batches) {
    const object = relative(folder, path);
    const bytes = readFileSync(path);
    for (const line of parseBatchText(gunzipSync(bytes).toString("utf8"))) {
      if (line.ok) entries.push({ ...line.entry, object });
      else unreadable += 1;
    }
    const manifestPath = path.replace(/\.ndjson\.gz$/, ".manifest.json");
    const manifest: unknown = files.includes(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : null;
    manifests.push({ key: object, manifest, objectSha256: sha256(bytes) });
  }
  return { entries, manifests, unreadable };
}

/** A JSONL export: chain lines in order (a filtered export is not contiguous: gaps are then expected). */
function readExport(file: string): { entries: LocatedEntry[]; unreadable: number } {
  const entries: LocatedEntry[] = [];
  let unreadable = 0;
  for (const line of parseBatchText(readFileSync(file, "utf8"))) {
    if (line.ok) entries.push({ ...line.entry, object: file });
    else unreadable += 1;
  }
  return { entries, unreadable };
}

function report(entries: readonly LocatedEntry[], findings: readonly ChainFinding[], unreadable: number): number {
  const first = entries[0]?.seq ?? "-";
  const last = entries.at(-1)?.seq ?? "-";
  console.log(`${entries.length} entries, seq ${first} to ${last}; ${unreadable} unreadable lines; ${findings.length} findings`);
  for (const finding of findings) console.log(`  ${finding.kind}: ${finding.detail ?? JSON.stringify(finding)}`);
  const ok = findings.length === 0 && unreadable === 0;
  console.log(ok ? "OK: nothing altered, removed or reordered." : "NOT OK: see the findings above.");
  return ok ? 0 : 1;
}

function verify(path: string): number {
  const hash = (text: string): string => sha256(text);
  if (statSync(path).isDirectory()) {
    const { entries, manifests, unreadable } = readFolder(path);
    return report(entries, verifyChain(entries, { hash, manifests }), unreadable);
  }
  const { entries, unreadable } = readExport(path);
  return report(entries, verifyChain(entries, { hash }), unreadable);
}

async function exportTrail(): Promise<number> {
  const url = values.url ?? fail("--url is required");
  const key = values.key ?? process.env.SWITCHBOARD_AUDIT_KEY ?? fail("--key (or SWITCHBOARD_AUDIT_KEY) is required");
  const query = new URLSearchParams({ format: values.format });
  for (const name of ["tenant", "from", "to"] as const) if (values[name]) query.set(name, values[name]);
  const response = await fetch(`${url.replace(/\/$/, "")}/v1/audit/export?${query}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok || !response.body) {
    console.error(`export refused: HTTP ${response.status} ${await response.text()}`);
    return 1;
  }
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  let bytes = 0;
  let lines = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines += 1;
    out.write(chunk);
    if (values.out) process.stderr.write(`\r${lines} records, ${(bytes / 1024).toFixed(0)} KiB`);
  }
  if (values.out) {
    await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`\nwrote ${values.out}\n`);
  }
  return 0;
}

const [command, target] = positionals;
if (command === "verify") process.exitCode = verify(target ?? fail("verify needs a file or folder"));
else if (command === "export") process.exitCode = await exportTrail();
else fail("say what to do: verify or export");
