import { request } from "node:http";
import * as z from "zod/mini";
import { auditLogName } from "../src/audit/log-name";
import { countsBetween, flushAll, type LogCounts, readCounts, readHead } from "./audit-log-probe";
import { cpuMicros } from "./proc-stats";
import { med, num } from "./format";
import { type Column, tableOf } from "./markdown-table";
import { type Spread, spread } from "./stats";
import type { HostedWorker } from "./worker-host";

/** Records per `append` call, and how many callers append to the one log at once. */
export interface CapacitySpec {
  readonly batchSize: number;
  readonly callers: number;
}

export const capacitySpecs: readonly CapacitySpec[] = [1, 20, 100].flatMap((batchSize) => [1, 8].map((callers) => ({ batchSize, callers })));

/** A record the gateway wrote, with its request id replaced by a placeholder each call fills in. */
export interface RecordTemplate {
  readonly text: string;
  readonly placeholder: string;
  /** UTF-8 bytes of the record it came from. */
  readonly bytes: number;
}

const placeholder = "__bench_request_id__";

export function recordTemplate(record: string): RecordTemplate {
  const parsed: unknown = JSON.parse(record);
  if (typeof parsed !== "object" || parsed === null || typeof Reflect.get(parsed, "requestId") !== "string") {
    throw new Error(`not an audit record: ${record.slice(0, 200)}`);
  }
  return { text: JSON.stringify({ ...parsed, requestId: placeholder }), placeholder, bytes: Buffer.byteLength(record) };
}

export interface CapacityRun {
  readonly spec: CapacitySpec;
  readonly round: number;
  readonly calls: number;
  readonly records: number;
  readonly elapsedMs: number;
  /** workerd's CPU (the driver's calls and the object's work, one process) during the run. */
  readonly cpuUs: number;
  /** Records not yet in R2 when the run ended: whether the alarms' flushes kept up with the appends. */
  readonly heldAtEnd: number;
  /** What the object did for these records, their flush to R2 included (the run's and a final `flush`). */
  readonly counts: LogCounts;
}

const driverAnswer = z.object({ calls: z.number(), records: z.number(), elapsedMs: z.number() });

/**
 * One capacity run: a fresh log (a tenant of its own, started before the clock runs), driven for
 * `durationMs` by the driver Worker in the same workerd (audit-driver-entry.js), then flushed.
 */
export async function measureCapacity(driver: HostedWorker, template: RecordTemplate, spec: CapacitySpec, round: number, durationMs: number): Promise<CapacityRun> {
  const tenantId = `capacity-${round + 1}-b${spec.batchSize}-c${spec.callers}`;
  const before = await readCounts(driver.miniflare, tenantId);
  const cpuBefore = cpuMicros(driver.pids);
  const body = JSON.stringify({ ...spec, durationMs, tenantId, objectName: auditLogName(tenantId), tag: tenantId, template: template.text, placeholder: template.placeholder });
  const answered = await postOnFreshConnection(driver.url, body).catch((error: unknown) => {
    throw new Error(`capacity driver (${tenantId}): ${error instanceof Error ? error.message : String(error)}\n${driver.stderrTail()}`);
  });
  const answer = driverAnswer.parse(JSON.parse(answered));
  const cpuUs = cpuMicros(driver.pids) - cpuBefore;
  const { unflushed: heldAtEnd } = await readHead(driver.miniflare, tenantId);
  await flushAll(driver.miniflare, tenantId);
  const counts = countsBetween(before, await readCounts(driver.miniflare, tenantId));
  if (counts.records !== answer.records) throw new Error(`${tenantId}: the driver sent ${answer.records} records, the log took ${counts.records}`);
  return { spec, round, ...answer, cpuUs, heldAtEnd, counts };
}

/**
 * POSTs on a connection of its own (`agent: false`, closed after the answer): workerd closes idle
 * kept-alive connections, and a drive must not go out on one it has just closed.
 */
function postOnFreshConnection(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`answered ${res.statusCode}: ${text.slice(0, 500)}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export interface CapacityRow {
  readonly spec: CapacitySpec;
  readonly recordsPerSecond: Spread;
  readonly callsPerSecond: Spread;
  /** Mean time from a call to its answer, from the callers' side (callers × elapsed / calls). */
  readonly meanCallMs: Spread;
  readonly cpuUsPerRecord: Spread;
  /** Cores' worth of CPU workerd used: 1 means its one thread was saturated. */
  readonly cores: Spread;
  readonly r2PutsPerThousand: Spread;
  readonly heldAtEnd: Spread;
}

export function summarizeCapacity(runs: readonly CapacityRun[]): CapacityRow[] {
  return capacitySpecs.map((spec) => {
    const mine = runs.filter((run) => run.spec.batchSize === spec.batchSize && run.spec.callers === spec.callers);
    const seconds = (run: CapacityRun): number => run.elapsedMs / 1000;
    return {
      spec,
      recordsPerSecond: spread(mine.map((run) => run.records / seconds(run))),
      callsPerSecond: spread(mine.map((run) => run.calls / seconds(run))),
      meanCallMs: spread(mine.map((run) => (spec.callers * run.elapsedMs) / run.calls)),
      cpuUsPerRecord: spread(mine.map((run) => run.cpuUs / run.records)),
      cores: spread(mine.map((run) => run.cpuUs / (run.elapsedMs * 1000))),
      r2PutsPerThousand: spread(mine.map((run) => (run.counts.r2.put / run.records) * 1000)),
      heldAtEnd: spread(mine.map((run) => run.heldAtEnd)),
    };
  });
}

const capacityColumns: readonly Column<CapacityRow>[] = [
  ["records per call", (r) => num(r.spec.batchSize, 0)],
  ["callers", (r) => num(r.spec.callers, 0)],
  ["records/s", (r) => med(r.recordsPerSecond, 0)],
  ["`append` calls/s", (r) => med(r.callsPerSecond, 0)],
  ["mean call ms", (r) => med(r.meanCallMs, 2)],
  ["workerd CPU µs/record", (r) => med(r.cpuUsPerRecord, 0)],
  ["workerd cores", (r) => med(r.cores, 2)],
  ["R2 puts per 1,000 records", (r) => med(r.r2PutsPerThousand, 2)],
  ["records not yet in R2 at the end", (r) => med(r.heldAtEnd, 0)],
];

export function renderCapacityTable(rows: readonly CapacityRow[]): string {
  return tableOf(capacityColumns, rows);
}
