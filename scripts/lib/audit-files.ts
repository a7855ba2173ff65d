// Reads an audit trail from files, one chain at a time: a folder copied out of R2, or a JSONL export
// (docs/audit-chain.md, "Verifying"). Each chain (a shard of a tenant's trail) is verified on its own.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseBatchText } from "../../src/audit/batch-object";
import type { LocatedEntry } from "../../src/audit/chain";
import type { ChainFinding } from "../../src/audit/findings";
import { chainLabel } from "../../src/audit/log-name";
import type { ManifestInput } from "../../src/audit/manifest";
import { parseBatchKey } from "../../src/audit/object-keys";

/** One chain's entries in sequence order as read from files, with the manifests of its objects (for a folder). */
export interface ChainFiles {
  /** How the report names the chain: `acme`, `acme@2`, or `shard 2` in an export. */
  readonly label: string;
  readonly entries: LocatedEntry[];
  readonly manifests: ManifestInput[];
  readonly unreadable: number;
}

export const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

const batchName = /(\d{12})-(\d{12})\.ndjson\.gz$/;
const firstSeqOf = (path: string): number => Number(batchName.exec(path)?.[1]);

/**
 * The chain folder a batch file sits in: the folder above `<yyyy>/<mm>/<dd>/<hh>/`, named like the
 * chain in R2 (`acme`, `acme@2`) when the copy kept the names, as `aws s3 sync` does.
 */
function chainFolderOf(path: string): string {
  const segments = resolve(path).split(sep);
  const named = parseBatchKey(`audit/${segments.slice(-6).join("/")}`);
  return named ? chainLabel(named.chain) : (segments.at(-6) ?? "");
}

/** A folder synced from R2 (`audit/`, a tenant's chain folders, or one of them): each chain's batches in sequence order, with their manifests. */
export function readFolderChains(folder: string): ChainFiles[] {
  const files = filesUnder(folder);
  const byChain = new Map<string, string[]>();
  for (const path of files.filter((file) => batchName.test(file))) {
    const label = chainFolderOf(path);
    byChain.set(label, [...(byChain.get(label) ?? []), path]);
  }
  if (byChain.size === 0) return [{ label: folder, entries: [], manifests: [], unreadable: 0 }];
  return [...byChain.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, batches]) => {
      const entries: LocatedEntry[] = [];
      const manifests: ManifestInput[] = [];
      let unreadable = 0;
      for (const path of batches.sort((a, b) => firstSeqOf(a) - firstSeqOf(b))) {
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
      return { label, entries, manifests, unreadable };
    });
}

/**
 * A JSONL export, split by the shard each line names (an export written before shards existed has
 * none: one chain). Within a chain, lines stay in their order; a filtered export is not contiguous,
 * so gaps are then expected.
 */
export function readExportChains(file: string): ChainFiles[] {
  const byShard = new Map<number | null, LocatedEntry[]>();
  let unreadable = 0;
  for (const line of parseBatchText(readFileSync(file, "utf8"))) {
    if (!line.ok) {
      unreadable += 1;
      continue;
    }
    byShard.set(line.shard, [...(byShard.get(line.shard) ?? []), { ...line.entry, object: file }]);
  }
  const chains = [...byShard.entries()]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([shard, entries]): ChainFiles => ({ label: shard === null ? "export" : `shard ${shard}`, entries, manifests: [], unreadable: 0 }));
  // Unreadable lines belong to no chain; the report counts them once, with the first.
  const [first, ...rest] = chains;
  return first ? [{ ...first, unreadable }, ...rest] : [{ label: "export", entries: [], manifests: [], unreadable }];
}

/** Prints each chain's summary and findings, then the verdict; answers the exit code (0 nothing wrong, 1 findings). */
export function reportChains(chains: readonly (ChainFiles & { readonly findings: readonly ChainFinding[] })[]): number {
  let ok = true;
  for (const { label, entries, findings, unreadable } of chains) {
    const first = entries[0]?.seq ?? "-";
    const last = entries.at(-1)?.seq ?? "-";
    console.log(`${label}: ${entries.length} entries, seq ${first} to ${last}; ${unreadable} unreadable lines; ${findings.length} findings`);
    for (const finding of findings) console.log(`  ${finding.kind}: ${finding.detail}`);
    ok &&= findings.length === 0 && unreadable === 0;
  }
  console.log(ok ? "OK: nothing altered, removed or reordered." : "NOT OK: see the findings above.");
  return ok ? 0 : 1;
}
