import { type CapacityRow, renderCapacityTable } from "./audit-capacity";
import { prices, renderCostTable } from "./audit-cost";
import { auditCells, sequentialProbeRequests } from "./audit-load";
import { storageParent } from "./audit-rig";
import type { AuditModel } from "./audit-model";
import type { FlushPolicy } from "./audit-policy";
import { type HandOverRow, type LoadRow, type ProbeRow, renderHandOverTable, renderLoadTable, renderProbeTable } from "./audit-report";
import { renderRowsTable, type StatementRows } from "./audit-rows";
import { renderWritesTable, type TrailSummary } from "./audit-trail";
import { defaultAuditRetentionDays } from "../src/schemas/audit-policy";
import { num } from "./format";
import { cellName } from "./limits-report";
import { headerLines, type RunHeader } from "./section-header";
import type { Spread } from "./stats";
import { auditAnalysis } from "./audit-analysis";

/** The part of bench/RESULTS.md `npm run bench:audit -- --record` owns. */
export const auditSectionHeading = "## Audit";

export interface AuditFigures {
  readonly load: readonly LoadRow[];
  readonly probes: readonly ProbeRow[];
  readonly handOver: readonly HandOverRow[];
  readonly trail: TrailSummary;
  readonly rows: readonly StatementRows[];
  readonly capacity: readonly CapacityRow[];
  readonly model: AuditModel;
  readonly policy: FlushPolicy;
  readonly recordTemplateBytes: number;
}

export interface AuditContext extends RunHeader {
  readonly capacitySeconds: number;
  readonly wallSeconds: number;
  readonly otherLoadCores: Spread;
  readonly bundleBytes: { readonly on: number; readonly off: number };
}

/** Every table, for stdout and for the section. */
export function renderAuditTables(f: AuditFigures): string {
  const t = f.trail;
  return [
    "### Audit on against audit off",
    "",
    renderLoadTable(f.load),
    renderProbeTable(f.probes, sequentialProbeRequests),
    "### What the log did per request (`on`, counted in the object)",
    "",
    "Per run, divided by the requests autocannon counted; records per request is a little above 1 where a run stops with",
    "requests in flight, which the gateway answers and audits but autocannon does not count.",
    "",
    renderHandOverTable(f.handOver),
    "### R2 writes per 1,000 requests",
    "",
    `After the runs the log was flushed: ${num(t.records, 0)} records in ${t.objects.batches.length} batch objects (records per batch ` +
      `${num(t.recordsPerBatch.median, 0)}, ${num(t.recordsPerBatch.min, 0)}–${num(t.recordsPerBatch.max, 0)}), ${t.objects.manifests} manifests, ${t.objects.refs} refs, ` +
      `${t.objects.spills} spilled records${t.objects.other > 0 ? `, ${t.objects.other} other objects` : ""}; ${num(t.gzipBytesPerRecord, 0)} gzip bytes per record ` +
      `(records ${num(t.recordBytes.median, 0)} B, ${num(t.recordBytes.min, 0)}–${num(t.recordBytes.max, 0)}), manifests ${num(t.manifestBytesPerBatch, 0)} B. ` +
      `The object itself made ${t.totals.r2.put} puts, ${t.totals.r2.list} spill listings, ${t.totals.r2.get} gets and ${t.totals.r2.delete} deletes.`,
    "",
    renderWritesTable(f.model.writes, { requestsPerSecond: f.model.benchRate, trail: t }),
    "### SQLite rows written per request",
    "",
    renderRowsTable(f.rows, f.model.rowColumns),
    `### One log's capacity (records of ${num(f.recordTemplateBytes, 0)} B)`,
    "",
    renderCapacityTable(f.capacity),
    "### Cost per request of auditing",
    "",
    "The object is billed duration while it works: an `append` for the mean call time of the capacity run with one",
    "caller and the nearest batch size (the caller's view, so an upper bound), a batch for the alarms' wall time per",
    "batch they wrote, as the counting object timed them (a 500-record batch's; a quiet log's are smaller). SQLite rows read are not counted: at $0.001 per million even a thousand per request would be",
    `$0.001 per million requests. R2 storage is paid for as long as records are kept: ${defaultAuditRetentionDays} days (${num(defaultAuditRetentionDays / 30, 0)} months) by default.`,
    "",
    renderCostTable(f.model.columns),
  ].join("\n");
}

export function renderAuditSection(f: AuditFigures, context: AuditContext): string {
  const p = f.policy;
  const detail =
    `${context.rounds} round(s), ${context.durationSeconds} s per run, ${auditCells.map(cellName).join(", ")}; ` +
    `capacity runs of ${context.capacitySeconds} s`;
  return [
    auditSectionHeading,
    "",
    ...headerLines(context, detail, context.wallSeconds, context.otherLoadCores),
    "",
    "**Method.** The Worker is bundled twice by `wrangler deploy --dry-run`: **`on`** is the bundle a deploy makes;",
    "**`off`** is the same command with the same entry and config (defines, compatibility date and flags, minification)",
    `whose only change is a wrangler \`alias\` that swaps \`src/audit/hand-over.ts\` for a module re-exporting it with`,
    "`auditRequest` a no-op (`bench/audit-variant.ts`; there is no off switch in production code). What `off` saves is",
    "auditing's whole cost: building and serializing the record after the answer, the 20 ms isolate batch and its",
    "`append` call, and the `AuditLog` object's work (chaining, SQLite, the alarm's gzip and R2 puts). Whatever the",
    "request path does for auditing outside `auditRequest` (a stream's copy for the content hashes, say) stays in both.",
    `Bundles: ${num(context.bundleBytes.on, 0)} B (\`on\`) and ${num(context.bundleBytes.off, 0)} B (\`off\`). Each runs in its own workerd under the Miniflare`,
    "API with wrangler.toml's bindings (AUDIT_LOG, AUDIT_BUCKET, RATE_LIMITER, ... : `bench/production-options.ts`) and the",
    "main bench's gateway config and zero-latency simulator (its own process); load from autocannon; runs interleaved by",
    "round, medians over rounds with min–max; \"added\" and \"vs off\" are paired with `off` in the same round and load.",
    "The key's tenant has no policy, so the default audit settings. **CPU is the whole workerd process's**: in Miniflare",
    "the `AuditLog` object runs in the same process, so its CPU (alarms included) is in `on`'s figures; in production it",
    "runs in the object's isolate and is billed as Durable Object duration, not Worker CPU. Storage (the objects' SQLite,",
    `R2, KV) is on a RAM disk (\`${storageParent}\`): on this machine's disk each durable commit waited for the disk with`,
    "workerd's one thread blocked, gateway requests included; production's durability is replicated storage, whose",
    "wait no local setup shows, so the figures are the work itself.",
    "Both bundles load through a small bench entry (`bench/audit-gateway-entry.js`) that subclasses `AuditLog` under its",
    "own name to count `append` calls, alarms, R2 calls and SQLite rows written (`cursor.rowsWritten`, the figure",
    "Cloudflare bills), without a change to production code. After the runs the `on` log is flushed through its own",
    "`flush` and R2 is listed (`off` must have appended and written nothing, or the run stops). The capacity runs drive",
    "one fresh `AuditLog` directly through its namespace from a driver Worker in a third workerd (`bench/audit-driver-entry.js`:",
    "each caller its own stub, one call at a time, records built from a record the `on` gateway wrote); the driver shares",
    "workerd's thread with the object, so the object alone would go a little faster here. The flush policy modelled is",
    `\`auditFlushPolicy\` in \`${p.source}\`: ${p.records} records, ${num(p.bytes / 1024 / 1024, 0)} MiB or ${num(p.ageMs / 1000, 0)} s, spill listing at most every ${num(p.spillScanMs / 1000, 0)} s.`,
    `Prices: Cloudflare list prices as of ${prices.asOf} (${prices.sources.join("; ")}), not re-checked from this machine`,
    "(no internet) and not a bill: included usage, rounding and plan minimums are left out. Code: `bench/audit.ts`.",
    "",
    renderAuditTables(f),
    ...auditAnalysis(f),
    "",
  ].join("\n");
}
