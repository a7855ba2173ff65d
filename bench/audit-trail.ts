import type { LogCounts } from "./audit-log-probe";
import type { FlushPolicy } from "./audit-policy";
import type { TrailObjects } from "./audit-r2";
import { num } from "./format";
import { type Spread, spread } from "./stats";
import { tableRow } from "./markdown-table";

/** What the `on` gateway's trail came to once its log was flushed: every request of the run, warm-up and probes included. */
export interface TrailSummary {
  /** Records chained (the log's head): one per request the `on` gateway answered. */
  readonly records: number;
  readonly objects: TrailObjects;
  readonly recordsPerBatch: Spread;
  /** Batches cut at the count threshold (the rest: the final forced flush, or an age or size cut). */
  readonly fullBatches: number;
  /** UTF-8 bytes of the records of one batch (read back from R2). */
  readonly recordBytes: Spread;
  readonly gzipBytesPerRecord: number;
  readonly manifestBytesPerBatch: number;
  /** Everything the `on` gateway's AuditLog did, from its start to the end of the final flush. */
  readonly totals: LogCounts;
  /** R2 writes (batch objects, manifests, refs, spills) per 1,000 requests. */
  readonly writesPerThousand: number;
  /** The log's SQLite size after the final flush, per record chained: the request ids it keeps for 15 minutes. */
  readonly databaseBytesPerRecord: number;
}

export function summarizeTrail(records: number, objects: TrailObjects, recordBytes: readonly number[], totals: LogCounts, policy: FlushPolicy): TrailSummary {
  const sizes = objects.batches.map((batch) => batch.lastSeq - batch.firstSeq + 1);
  const batchRecords = sizes.reduce((sum, size) => sum + size, 0);
  const writes = objects.batches.length + objects.manifests + objects.refs + objects.spills;
  return {
    records,
    objects,
    recordsPerBatch: spread(sizes),
    fullBatches: sizes.filter((size) => size >= policy.records).length,
    recordBytes: spread(recordBytes),
    gzipBytesPerRecord: objects.batches.reduce((sum, batch) => sum + batch.bytes, 0) / Math.max(1, batchRecords),
    manifestBytesPerBatch: objects.manifestBytes / Math.max(1, objects.manifests),
    totals,
    writesPerThousand: (writes / Math.max(1, records)) * 1000,
    databaseBytesPerRecord: totals.databaseBytes / Math.max(1, records),
  };
}

/** R2 operations of one log at a steady rate, from the flush policy (docs/audit-chain.md, "R2 writes per record"). */
export interface WritesAtRate {
  readonly requestsPerSecond: number;
  readonly recordsPerBatch: number;
  /** What cuts the batches: the count, the size or the age threshold. */
  readonly cutBy: "count" | "size" | "age";
  /** Batch objects and their manifests. */
  readonly batchWritesPerThousand: number;
  /** Refs: a batch that crosses an hour puts one in the next hour's folder; at most one an hour. */
  readonly refsPerThousand: number;
  /** Listings of the spill prefix: at most one a minute, by an alarm. */
  readonly listsPerThousand: number;
  /** All of them: R2 Class A operations. */
  readonly classAPerThousand: number;
}

const hourSeconds = 3600;

export function writesAtRate(requestsPerSecond: number, recordBytes: number, policy: FlushPolicy): WritesAtRate {
  const byAge = (requestsPerSecond * policy.ageMs) / 1000;
  const bySize = Math.floor(policy.bytes / recordBytes);
  const recordsPerBatch = Math.max(1, Math.min(policy.records, bySize, byAge));
  const cutBy = recordsPerBatch === byAge ? "age" : recordsPerBatch === bySize ? "size" : "count";
  const perThousand = (perSecond: number): number => (perSecond / requestsPerSecond) * 1000;
  const batchesPerSecond = requestsPerSecond / recordsPerBatch;
  const batchWritesPerThousand = perThousand(2 * batchesPerSecond);
  const refsPerThousand = perThousand(Math.min(batchesPerSecond, 1 / hourSeconds));
  const listsPerThousand = perThousand(Math.min(batchesPerSecond, 1000 / policy.spillScanMs));
  return {
    requestsPerSecond,
    recordsPerBatch,
    cutBy,
    batchWritesPerThousand,
    refsPerThousand,
    listsPerThousand,
    classAPerThousand: batchWritesPerThousand + refsPerThousand + listsPerThousand,
  };
}


/** The modelled rates, and the bench's measured figures for its own rate. */
export function renderWritesTable(models: readonly WritesAtRate[], measured: { readonly requestsPerSecond: number; readonly trail: TrailSummary }): string {
  const header = ["requests/s to one log", "records per batch", "batch objects + manifests", "refs", "spill listings", "R2 Class A operations", "per 1,000 requests"];
  const t = measured.trail;
  const lists = (t.totals.r2.list / Math.max(1, t.records)) * 1000;
  return [
    tableRow(header),
    tableRow(header.map(() => "---")),
    ...models.map((m) =>
      tableRow([
        `${num(m.requestsPerSecond, m.requestsPerSecond < 10 ? 1 : 0)} (model)`,
        `${num(m.recordsPerBatch, 0)} (${m.cutBy})`,
        num(m.batchWritesPerThousand, 3),
        num(m.refsPerThousand, 3),
        num(m.listsPerThousand, 3),
        num(m.classAPerThousand, 3),
        "",
      ]),
    ),
    tableRow([
      `~${num(measured.requestsPerSecond, 0)}: this run, measured`,
      `${med0(t.recordsPerBatch)} (${t.fullBatches} of ${t.objects.batches.length} full)`,
      num(((t.objects.batches.length + t.objects.manifests) / Math.max(1, t.records)) * 1000, 3),
      num((t.objects.refs / Math.max(1, t.records)) * 1000, 3),
      num(lists, 3),
      num(t.writesPerThousand + lists, 3),
      `${num(t.records, 0)} requests; ${t.objects.spills} spilled`,
    ]),
    "",
  ].join("\n");
}

const med0 = (value: Spread): string => (value.n === 0 ? "n/a" : `${num(value.median, 0)} (${num(value.min, 0)}–${num(value.max, 0)})`);
