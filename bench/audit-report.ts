import { type LogCounts, totalRows } from "./audit-log-probe";
import type { AuditProbe, AuditRun } from "./audit-load";
import { type AuditVariant, auditVariants } from "./audit-rig";
import { med, num, signed } from "./format";
import { cellName, pairedWithOff } from "./limits-report";
import { markdownTable } from "./markdown-table";
import type { Cell } from "./schedule";
import { type Spread, spread } from "./stats";

export interface LoadRow {
  readonly cell: Cell;
  readonly variant: AuditVariant;
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  readonly cpuUsPerRequest: Spread;
  readonly requests: number;
  /** `on` against `off` in the same round and cell; null for `off`. */
  readonly added: { readonly p50Ms: Spread; readonly p99Ms: Spread; readonly cpuUs: Spread; readonly throughputRatio: Spread } | null;
}

/** What the `on` gateway's log did per request in each cell (per-run figures, median over rounds). */
export interface HandOverRow {
  readonly cell: Cell;
  /** Records appended per request answered: 1 when every request was audited once. */
  readonly recordsPerRequest: Spread;
  readonly appendsPerThousand: Spread;
  readonly recordsPerAppend: Spread;
  readonly alarmsPerThousand: Spread;
  readonly rowsWrittenPerRequest: Spread;
  readonly r2PutsPerThousand: Spread;
}

export interface ProbeRow {
  readonly variant: AuditVariant;
  readonly latencyP50Ms: Spread;
  readonly cpuUsPerRequest: Spread;
  readonly addedLatencyMs: Spread | null;
  readonly addedCpuUs: Spread | null;
}

const sameCell = (a: Cell, b: Cell): boolean => a.mode === b.mode && a.connections === b.connections;
const cpuOf = (run: AuditRun): number => run.result.gatewayCpuUsPerRequest ?? Number.NaN;

export function summarizeLoad(cells: readonly Cell[], runs: readonly AuditRun[]): LoadRow[] {
  return cells.flatMap((cell) => {
    const of = (variant: AuditVariant): AuditRun[] => runs.filter((run) => run.variant === variant && sameCell(run.result.cell, cell));
    const toRound = (run: AuditRun): AuditRun & { round: number } => ({ ...run, round: run.result.round });
    const off = of("off").map(toRound);
    return auditVariants.map((variant): LoadRow => {
      const mine = of(variant).map(toRound);
      const paired = (value: (on: AuditRun, offRun: AuditRun) => number): Spread => pairedWithOff(mine, off, value);
      return {
        cell,
        variant,
        requestsPerSecond: spread(mine.map((run) => run.result.requestsPerSecond)),
        latencyP50Ms: spread(mine.map((run) => run.result.latencyP50Ms)),
        latencyP99Ms: spread(mine.map((run) => run.result.latencyP99Ms)),
        cpuUsPerRequest: spread(mine.map(cpuOf)),
        requests: mine.reduce((sum, run) => sum + run.result.requests, 0),
        added:
          variant === "off"
            ? null
            : {
                p50Ms: paired((a, b) => a.result.latencyP50Ms - b.result.latencyP50Ms),
                p99Ms: paired((a, b) => a.result.latencyP99Ms - b.result.latencyP99Ms),
                cpuUs: paired((a, b) => cpuOf(a) - cpuOf(b)),
                throughputRatio: paired((a, b) => a.result.requestsPerSecond / b.result.requestsPerSecond),
              },
      };
    });
  });
}

export function summarizeHandOver(cells: readonly Cell[], runs: readonly AuditRun[]): HandOverRow[] {
  return cells.map((cell) => {
    const measured = runs.flatMap((run) => (run.counts !== null && sameCell(run.result.cell, cell) ? [{ counts: run.counts, requests: run.result.requests }] : []));
    const per = (value: (counts: LogCounts) => number, scale = 1): Spread => spread(measured.map((m) => (value(m.counts) / m.requests) * scale));
    return {
      cell,
      recordsPerRequest: per((c) => c.records),
      appendsPerThousand: per((c) => c.appends, 1000),
      recordsPerAppend: spread(measured.map((m) => m.counts.records / Math.max(1, m.counts.appends))),
      alarmsPerThousand: per((c) => c.alarms, 1000),
      rowsWrittenPerRequest: per(totalRows),
      r2PutsPerThousand: per((c) => c.r2.put, 1000),
    };
  });
}

export function summarizeProbes(probes: readonly AuditProbe[]): ProbeRow[] {
  const off = probes.filter((p) => p.variant === "off");
  return auditVariants.map((variant): ProbeRow => {
    const mine = probes.filter((p) => p.variant === variant);
    const isOff = variant === "off";
    return {
      variant,
      latencyP50Ms: spread(mine.map((p) => p.probe.latencyP50Ms)),
      cpuUsPerRequest: spread(mine.map((p) => p.probe.cpuUsPerRequest)),
      addedLatencyMs: isOff ? null : pairedWithOff(mine, off, (m, o) => m.probe.latencyP50Ms - o.probe.latencyP50Ms),
      addedCpuUs: isOff ? null : pairedWithOff(mine, off, (m, o) => m.probe.cpuUsPerRequest - o.probe.cpuUsPerRequest),
    };
  });
}


export function renderLoadTable(rows: readonly LoadRow[]): string {
  const header = ["load", "audit", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "added p50 ms", "added p99 ms", "added CPU µs/req", "req/s vs off", "answers, all 200"];
  return markdownTable(
    header,
    rows.map((r) => [
      cellName(r.cell),
      `\`${r.variant}\``,
      med(r.requestsPerSecond, 0),
      med(r.latencyP50Ms, 0),
      med(r.latencyP99Ms, 0),
      med(r.cpuUsPerRequest, 0),
      r.added ? signed(r.added.p50Ms, 0) : "",
      r.added ? signed(r.added.p99Ms, 0) : "",
      r.added ? signed(r.added.cpuUs, 0) : "",
      r.added ? `${med(r.added.throughputRatio, 2)}×` : "",
      num(r.requests, 0),
    ]),
  );
}

export function renderProbeTable(rows: readonly ProbeRow[], requests: number): string {
  const header = ["sequential probe", "requests per round", "latency p50 ms", "added latency ms", "CPU µs/req", "added CPU µs/req"];
  return markdownTable(
    header,
    rows.map((r) => [
      `\`${r.variant}\``,
      num(requests, 0),
      med(r.latencyP50Ms, 2),
      r.addedLatencyMs ? signed(r.addedLatencyMs, 2) : "",
      med(r.cpuUsPerRequest, 0),
      r.addedCpuUs ? signed(r.addedCpuUs, 0) : "",
    ]),
  );
}

export function renderHandOverTable(rows: readonly HandOverRow[]): string {
  const header = ["load (`on`)", "records per request", "`append` calls per 1,000 req", "records per call", "alarms per 1,000 req", "SQLite rows written per req", "R2 puts per 1,000 req"];
  return markdownTable(
    header,
    rows.map((r) => [
      cellName(r.cell),
      med(r.recordsPerRequest, 3),
      med(r.appendsPerThousand, 1),
      med(r.recordsPerAppend, 1),
      med(r.alarmsPerThousand, 2),
      med(r.rowsWrittenPerRequest, 2),
      med(r.r2PutsPerThousand, 2),
    ]),
  );
}
