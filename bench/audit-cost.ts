import { num } from "./format";
import { tableRow } from "./markdown-table";

/**
 * Cloudflare's list prices (paid plans, beyond the included usage), as the issue quotes them and as
 * the pages named here said in November 2026. This machine has no internet: they were not re-checked
 * when the bench ran. They are list prices, not a bill: included allowances, rounding up to whole
 * billing units and the plan's minimum are left out.
 */
export const prices = {
  asOf: "November 2026",
  sources: [
    "Cloudflare Docs, Durable Objects › Platform › Pricing (requests, duration, SQLite storage)",
    "Cloudflare Docs, R2 › Pricing (Class A and B operations, storage)",
    "Cloudflare Docs, Workers › Platform › Pricing (CPU time)",
  ],
  /** Durable Objects: each RPC method call and each alarm is one request. */
  objectRequestsPerMillion: 0.15,
  objectGbSecondsPerMillion: 12.5,
  /** Duration is billed at 128 MB per active object (the pricing page's examples: seconds × 128 MB / 1 GB). */
  objectGb: 0.128,
  sqliteRowsWrittenPerMillion: 1.0,
  sqliteRowsReadPerMillion: 0.001,
  sqliteGbMonth: 0.2,
  /** R2 Class A: PutObject and ListObjects among them (DeleteObject is free). */
  r2ClassAPerMillion: 4.5,
  r2ClassBPerMillion: 0.36,
  r2GbMonth: 0.015,
  workersCpuMsPerMillion: 0.02,
} as const;

const secondsPerMonth = 30 * 24 * 3600;

/** What auditing one request costs at one rate: the quantities and where they come from. */
export interface CostInputs {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly appendsPerRequest: number;
  readonly alarmsPerRequest: number;
  /** How long one append keeps the object busy, and one batch's flush by an alarm (ms). */
  readonly appendMs: number;
  readonly batchMs: number;
  readonly batchesPerRequest: number;
  readonly rowsWrittenPerRequest: number;
  readonly classAPerRequest: number;
  /** Extra Workers CPU per request (µs): measured in workerd, where the object's CPU is in it too. */
  readonly cpuUs: number;
  /** R2 bytes per record: its share of the gzip batch and of the manifest. */
  readonly storedBytesPerRecord: number;
  /** SQLite bytes per request id the object keeps for the dedupe window, and the window (ms). */
  readonly sqliteBytesPerRecord: number;
  readonly dedupeMs: number;
}

export interface CostLine {
  readonly item: string;
  readonly arithmetic: string;
  /** US dollars per million requests (per million requests and month kept, for storage). */
  readonly perMillion: number;
  /** Storage is paid per month kept; the rest once. */
  readonly storage: boolean;
}

const dollars = (value: number): string => `$${value >= 0.01 ? num(value, 3) : value.toPrecision(2)}`;
const rate = (value: number): string => (value >= 1 ? num(value, 2) : value.toPrecision(3));

/** Each billed item per million audited requests, with its arithmetic spelled out. */
export function costLines(inputs: CostInputs): CostLine[] {
  const p = prices;
  const objectRequests = inputs.appendsPerRequest + inputs.alarmsPerRequest;
  const activeSeconds = (inputs.appendsPerRequest * inputs.appendMs + inputs.batchesPerRequest * inputs.batchMs) / 1000;
  // Never more than the wall time between two requests: the object cannot be busy longer than that.
  const billedSeconds = Math.min(activeSeconds, 1 / inputs.requestsPerSecond);
  const r2Gb = (inputs.storedBytesPerRecord * 1e6) / 1e9;
  const sqliteGbMonths = (inputs.sqliteBytesPerRecord * 1e6 * (inputs.dedupeMs / 1000)) / 1e9 / secondsPerMonth;
  return [
    {
      item: "Durable Object requests",
      arithmetic: `(${rate(inputs.appendsPerRequest)} appends + ${rate(inputs.alarmsPerRequest)} alarms) per request × $${p.objectRequestsPerMillion}/M`,
      perMillion: objectRequests * p.objectRequestsPerMillion,
      storage: false,
    },
    {
      item: "Durable Object duration",
      arithmetic:
        `(${rate(inputs.appendsPerRequest)} appends × ${num(inputs.appendMs, 2)} ms + ${rate(inputs.batchesPerRequest)} batches × ${num(inputs.batchMs, 1)} ms) = ` +
        `${rate(billedSeconds * 1000)} ms active per request × ${p.objectGb} GB × $${p.objectGbSecondsPerMillion}/M GB-s`,
      perMillion: billedSeconds * p.objectGb * p.objectGbSecondsPerMillion,
      storage: false,
    },
    {
      item: "SQLite rows written",
      arithmetic: `${num(inputs.rowsWrittenPerRequest, 2)} rows per request × $${num(p.sqliteRowsWrittenPerMillion, 2)}/M`,
      perMillion: inputs.rowsWrittenPerRequest * p.sqliteRowsWrittenPerMillion,
      storage: false,
    },
    {
      item: "R2 Class A (puts, spill listings)",
      arithmetic: `${rate(inputs.classAPerRequest)} per request × $${num(p.r2ClassAPerMillion, 2)}/M`,
      perMillion: inputs.classAPerRequest * p.r2ClassAPerMillion,
      storage: false,
    },
    {
      item: "Workers CPU",
      arithmetic: `${num(inputs.cpuUs, 0)} µs = ${rate(inputs.cpuUs / 1000)} CPU-ms per request × $${num(p.workersCpuMsPerMillion, 2)}/M CPU-ms`,
      perMillion: (inputs.cpuUs / 1000) * p.workersCpuMsPerMillion,
      storage: false,
    },
    {
      item: "R2 storage, per month kept",
      arithmetic: `${num(inputs.storedBytesPerRecord, 0)} B per record × 1 M = ${num(r2Gb, 3)} GB × $${p.r2GbMonth}/GB-month`,
      perMillion: r2Gb * p.r2GbMonth,
      storage: true,
    },
    {
      item: "SQLite storage (request ids kept 15 min)",
      arithmetic: `${num(inputs.sqliteBytesPerRecord, 0)} B × 1 M × ${num(inputs.dedupeMs / 60_000, 0)} min = ${sqliteGbMonths.toPrecision(2)} GB-months × $${p.sqliteGbMonth}`,
      perMillion: sqliteGbMonths * p.sqliteGbMonth,
      storage: false,
    },
  ];
}

export function totalOnce(lines: readonly CostLine[]): number {
  return lines.filter((line) => !line.storage).reduce((sum, line) => sum + line.perMillion, 0);
}


/** One table, a column per rate: the dollars, then the arithmetic of each under the table. */
export function renderCostTable(columns: readonly { readonly inputs: CostInputs; readonly lines: readonly CostLine[] }[]): string {
  const header = ["per million audited requests", ...columns.map((c) => c.inputs.label)];
  const items = columns[0]?.lines.map((line) => line.item) ?? [];
  const cell = (lines: readonly CostLine[], item: string): string => dollars(lines.find((line) => line.item === item)?.perMillion ?? Number.NaN);
  return [
    tableRow(header),
    tableRow(header.map(() => "---")),
    ...items.map((item) => tableRow([item, ...columns.map((c) => cell(c.lines, item))])),
    tableRow(["**total, storage aside**", ...columns.map((c) => `**${dollars(totalOnce(c.lines))}**`)]),
    "",
    ...columns.flatMap((c) => [`Arithmetic, ${c.inputs.label}:`, "", ...c.lines.map((line) => `- ${line.item}: ${line.arithmetic} = ${dollars(line.perMillion)}`), ""]),
  ].join("\n");
}
