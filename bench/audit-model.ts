import type { CapacityRow, CapacityRun } from "./audit-capacity";
import { type CostInputs, type CostLine, costLines } from "./audit-cost";
import type { FlushPolicy } from "./audit-policy";
import type { HandOverRow, LoadRow } from "./audit-report";
import { rowsPerRequest, type StatementRows } from "./audit-rows";
import { type TrailSummary, type WritesAtRate, writesAtRate } from "./audit-trail";

/** The quiet tenant the costs are also modelled for: one audited request a second to its log. */
export const lowRate = 1;
/** The rates of the R2 writes table, below the bench's own. */
export const modelledRates = [lowRate, 10, 100] as const;

export interface CostColumn {
  readonly inputs: CostInputs;
  readonly lines: CostLine[];
}

export interface AuditModel {
  readonly benchRate: number;
  readonly writes: WritesAtRate[];
  readonly columns: CostColumn[];
  /** Units per request of the two columns, for the rows table. */
  readonly rowColumns: { readonly label: string; readonly appendsPerRequest: number; readonly batchesPerRequest: number }[];
}

export interface ModelFacts {
  readonly load: readonly LoadRow[];
  readonly handOver: readonly HandOverRow[];
  readonly trail: TrailSummary;
  readonly rows: readonly StatementRows[];
  readonly capacity: readonly CapacityRow[];
  readonly capacityRuns: readonly CapacityRun[];
  readonly policy: FlushPolicy;
}

const isPlainC16 = (cell: { mode: string; connections: number }): boolean => cell.mode === "plain" && cell.connections === 16;

/** The mean call time of one caller's appends whose batch size is nearest `recordsPerCall`. */
function appendMs(capacity: readonly CapacityRow[], recordsPerCall: number): number {
  const single = capacity.filter((row) => row.spec.callers === 1);
  const nearest = [...single].sort((a, b) => Math.abs(a.spec.batchSize - recordsPerCall) - Math.abs(b.spec.batchSize - recordsPerCall))[0];
  return nearest?.meanCallMs.median ?? Number.NaN;
}

/** From the measured figures to the quantities priced, at the bench's rate (plain c16) and at `lowRate`. */
export function buildModel(facts: ModelFacts): AuditModel {
  const { trail, policy } = facts;
  const onC16 = facts.load.find((r) => isPlainC16(r.cell) && r.variant === "on");
  const handOver = facts.handOver.find((r) => isPlainC16(r.cell));
  if (!onC16 || !handOver || !onC16.added) throw new Error("no plain c16 runs to model from");
  const benchRate = onC16.requestsPerSecond.median;
  const recordBytes = trail.recordBytes.median;
  // Alarms' wall time (start to the end of their puts, as the counting object timed them) per batch they wrote.
  const counted = [trail.totals, ...facts.capacityRuns.map((run) => run.counts)];
  const batchMs = counted.reduce((sum, c) => sum + c.alarmMs, 0) / Math.max(1, counted.reduce((sum, c) => sum + c.alarmBatches, 0));
  const common = {
    batchMs,
    cpuUs: onC16.added.cpuUs.median,
    sqliteBytesPerRecord: trail.databaseBytesPerRecord,
    dedupeMs: policy.dedupeMs,
  };

  const benchAppends = handOver.appendsPerThousand.median / 1000;
  const benchBatches = trail.objects.batches.length / Math.max(1, trail.records);
  const benchInputs: CostInputs = {
    ...common,
    label: `the bench's rate, ~${Math.round(benchRate)} req/s (measured)`,
    requestsPerSecond: benchRate,
    appendsPerRequest: benchAppends,
    alarmsPerRequest: handOver.alarmsPerThousand.median / 1000,
    appendMs: appendMs(facts.capacity, handOver.recordsPerAppend.median),
    batchesPerRequest: benchBatches,
    rowsWrittenPerRequest: rowsPerRequest(facts.rows, benchAppends, benchBatches),
    classAPerRequest: (trail.writesPerThousand + (trail.totals.r2.list / Math.max(1, trail.records)) * 1000) / 1000,
    storedBytesPerRecord: trail.gzipBytesPerRecord + trail.manifestBytesPerBatch * benchBatches,
  };

  const quiet = writesAtRate(lowRate, recordBytes, policy);
  const quietBatches = 1 / quiet.recordsPerBatch;
  const lowInputs: CostInputs = {
    ...common,
    label: `${lowRate} req/s to one log (modelled)`,
    requestsPerSecond: lowRate,
    // Alone in its 20 ms window, each record is one call; each age-cut batch is one alarm.
    appendsPerRequest: 1,
    alarmsPerRequest: quietBatches,
    appendMs: appendMs(facts.capacity, 1),
    batchesPerRequest: quietBatches,
    rowsWrittenPerRequest: rowsPerRequest(facts.rows, 1, quietBatches),
    classAPerRequest: quiet.classAPerThousand / 1000,
    storedBytesPerRecord: trail.gzipBytesPerRecord + trail.manifestBytesPerBatch * quietBatches,
  };
  return {
    benchRate,
    writes: modelledRates.filter((r) => r < benchRate).map((r) => writesAtRate(r, recordBytes, policy)),
    columns: [benchInputs, lowInputs].map((inputs) => ({ inputs, lines: costLines(inputs) })),
    rowColumns: [
      { label: "bench rate", appendsPerRequest: benchAppends, batchesPerRequest: benchBatches },
      { label: `${lowRate} req/s`, appendsPerRequest: 1, batchesPerRequest: quietBatches },
    ],
  };
}
