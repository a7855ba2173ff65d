import { totalOnce } from "./audit-cost";
import type { AuditFigures } from "./audit-section";
import { rowsPerRequest } from "./audit-rows";
import { lowRate } from "./audit-model";
import { num, signed } from "./format";
import type { Spread } from "./stats";

/** Requests per second one Durable Object takes before it may answer "overloaded" (Durable Objects FAQ, a soft limit). */
const softLimitPerObject = 1000;
const m = (value: Spread | null | undefined): number => value?.median ?? Number.NaN;
const plus = (value: Spread | null | undefined, digits: number): string => signed(value ? { ...value, n: 1 } : value, digits);
const dollars = (value: number): string => `$${num(value, value >= 1 ? 2 : 3)}`;

/** The few paragraphs under the tables, from the measured figures. */
export function auditAnalysis(f: AuditFigures): string[] {
  const at = (mode: string, connections: number, variant: string) =>
    f.load.find((r) => r.cell.mode === mode && r.cell.connections === connections && r.variant === variant);
  const [on16, off16, on1, stream] = [at("plain", 16, "on"), at("plain", 16, "off"), at("plain", 1, "on"), at("stream", 16, "on")];
  const probe = f.probes.find((p) => p.variant === "on");
  const hand = f.handOver.find((h) => h.cell.mode === "plain" && h.cell.connections === 16);
  const [bench, quiet] = f.model.columns;
  const [benchRows, quietRows] = f.model.rowColumns;
  const widest = [...f.capacity].sort((a, b) => m(b.recordsPerSecond) - m(a.recordsPerSecond))[0];
  const single = f.capacity.find((c) => c.spec.callers === 1 && c.spec.batchSize === 1);
  const quietWrites = f.model.writes[0];
  if (!on16?.added || !off16 || !on1?.added || !hand || !bench || !quiet || !benchRows || !quietRows || !widest || !single) return [];
  const backlog = Math.max(...f.capacity.map((c) => c.heldAtEnd.median));
  const callers = (n: number): string => (n === 1 ? "one caller" : `${n} callers`);
  // Half the lower of Cloudflare's documented soft limit per object and the measured one-record-per-call rate.
  const perShard = Math.min(softLimitPerObject, m(single.callsPerSecond)) / 2;
  const share = (cost: Spread | undefined): string => num((m(cost) / m(off16.cpuUsPerRequest)) * 100, 0);
  const recentRows = f.rows.filter((r) => r.statement.endsWith(" recent_appends"));
  const line = (column: typeof bench, item: string): number => column.lines.find((l) => l.item === item)?.perMillion ?? Number.NaN;
  const rowsLine = (column: typeof bench): number => line(column, "SQLite rows written");
  const storageLine = (column: typeof bench): number => line(column, "R2 storage, per month kept");
  return [
    "### Analysis",
    "",
    `**On the request path.** Auditing adds ${plus(on16.added.cpuUs, 0)} µs of workerd CPU per plain c16 request (${share(on16.added.cpuUs)}% on top of`,
    `\`off\`'s ${num(m(off16.cpuUsPerRequest), 0)} µs), ${plus(on16.added.p50Ms, 0)} ms at p50 and ${plus(on16.added.p99Ms, 0)} ms at p99; throughput is ${num(m(on16.added.throughputRatio), 2)}× \`off\`'s`,
    `(c1: ${num(m(on1.added.throughputRatio), 2)}×, ${plus(on1.added.cpuUs, 0)} µs). At c1 the added p50 is ${plus(on1.added.p50Ms, 0)} ms (autocannon, whole ms) and ${plus(probe?.addedLatencyMs, 2)} ms in the`,
    "sequential probe (µs resolution). No request waits for its record, which is built and handed over after the",
    "answer, under `waitUntil`: what shows in latency here is the object's work on workerd's one thread, which it shares",
    "with the gateway on this machine and not in production. The CPU",
    "figure is everything auditing costs this process: the record, the batch's RPC on both sides, chaining and",
    `SQLite in the object, and its share of gzip and R2 puts.${stream?.added ? ` Streams: ${plus(stream.added.cpuUs, 0)} µs per request.` : ""}`,
    "",
    `**Calls and writes.** Each request left one record (${num(m(hand.recordsPerRequest), 3)} per counted request at c16, and every record appended was chained).`,
    `One \`append\` call carried ${num(m(hand.recordsPerAppend), 1)} records at c16 (${num(m(hand.appendsPerThousand), 1)} calls per 1,000 requests) because every request here reaches`,
    "one isolate and its 20 ms batch fills; in production requests spread over many isolates, and a quiet tenant's",
    `records go one per call, as the ${lowRate} req/s column assumes. R2 writes stay far below one per record: ${num(f.trail.writesPerThousand, 2)} per`,
    `1,000 requests in this run (a batch object and its manifest per ${num(m(f.trail.recordsPerBatch), 0)} records).`,
    quietWrites
      ? `At ${num(quietWrites.requestsPerSecond, 0)} req/s the 30 s age cuts batches of ${num(quietWrites.recordsPerBatch, 0)}: ${num(quietWrites.batchWritesPerThousand, 1)} writes per 1,000 requests, plus ${num(quietWrites.listsPerThousand, 1)} spill listings (once a minute), still one R2 operation per ${num(1000 / quietWrites.classAPerThousand, 0)} requests.`
      : "",
    "",
    `**What it costs.** At list prices auditing comes to ${dollars(totalOnce(bench.lines))} per million requests at the bench's rate and`,
    `${dollars(totalOnce(quiet.lines))} at ${lowRate} req/s to one log, plus ${dollars(storageLine(bench))} per million records for each month R2 keeps them. SQLite rows written are`,
    `most of it (${dollars(rowsLine(bench))} and ${dollars(rowsLine(quiet))}): ${num(rowsPerRequest(f.rows, benchRows.appendsPerRequest, benchRows.batchesPerRequest), 1)} rows per request, of which ${num(rowsPerRequest(recentRows, benchRows.appendsPerRequest, 0), 2)} keep the request ids for`,
    "the 15-minute spill dedupe (one row per append call, written and later pruned; it was four rows per request, a row and an index entry each way, before this was measured). The",
    "object's requests, its duration and R2 are cents per million at most; Workers CPU is a fraction of a cent.",
    "",
    `**One log's capacity.** A single \`AuditLog\` took ${num(m(widest.recordsPerSecond), 0)} records/s (${num(m(widest.callsPerSecond), 0)} calls/s) from ${callers(widest.spec.callers)}`,
    `sending ${widest.spec.batchSize} records per call (workerd at ${num(m(widest.cores), 2)} cores), and ${num(m(single.recordsPerSecond), 0)} calls/s of one record from one caller`,
    `(${num(m(single.meanCallMs), 2)} ms per call, ${num(m(single.cpuUsPerRecord), 0)} µs of CPU each): a call's overhead costs several records' work.`,
    backlog <= 2 * f.policy.records
      ? `Its alarms' flushes kept up: runs ended with at most ${num(backlog, 0)} records waiting for R2 (median over rounds).`
      : `Its alarms' flushes fell behind: runs ended with up to ${num(backlog, 0)} records waiting for R2 (median over rounds), so it sustains less.`,
    "Production adds network and replicated-storage round trips, so read these as upper bounds. The other limit is",
    "Cloudflare's: an object has a soft limit of 1,000 requests per second (Durable Objects FAQ), and each `append` is a",
    "request. A tenant whose traffic spreads over many isolates sends about one record per call, so plan a shard per",
    `~${num(perShard, 0)} audited requests per second at peak (half the lower of the soft limit and the one-record rate above),`,
    "and raise `audit.shards` before a tenant's peak passes it.",
  ];
}
