import { med, num, signed } from "./format";
import type { LimitsProbe } from "./limits-probe";
import { type LimitVariant, limitVariants } from "./limits-rig";
import type { RunResult } from "./measure-run";
import type { Cell } from "./schedule";
import { type Spread, spread } from "./stats";

/** The probed variants, plus a fresh limited tenant per round: the same round trip on an empty window. */
export const emptyWindow = "tenant, empty window";
export type ProbeLabel = LimitVariant | typeof emptyWindow;

export interface VariantRun {
  readonly variant: LimitVariant;
  readonly result: RunResult;
  /** Requests the variant's tenant made in the minute before the run (estimated): its limiter's cost should not depend on it. */
  readonly windowRows: number;
}

export interface ProbeRecord {
  readonly round: number;
  readonly label: ProbeLabel;
  readonly sequential: LimitsProbe;
  /** 16 connections; not run for the empty window (it would fill it). */
  readonly concurrent: LimitsProbe | null;
  readonly windowRows: number;
}

export interface LimitsRow {
  readonly cell: Cell;
  readonly variant: LimitVariant;
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  readonly cpuUsPerRequest: Spread;
  readonly windowRows: Spread;
  readonly requests: number;
  /** Paired by round with `off` in the same cell; null for `off` itself. */
  readonly addedP50Ms: Spread | null;
  readonly addedCpuUs: Spread | null;
  readonly throughputRatio: Spread | null;
}

export interface PhaseRow {
  readonly label: ProbeLabel;
  readonly windowRows: Spread;
  readonly phaseP50Ms: Spread;
  readonly phaseMeanMs: Spread;
  readonly phaseC16P50Ms: Spread;
  readonly latencyP50Ms: Spread;
  readonly cpuUsPerRequest: Spread;
  /** Sequential probe latency and CPU, paired by round with `off`. */
  readonly addedLatencyMs: Spread | null;
  readonly addedCpuUs: Spread | null;
}

const sameCell = (a: Cell, b: Cell): boolean => a.mode === b.mode && a.connections === b.connections;
const finite = (values: readonly number[]): number[] => values.filter((v) => Number.isFinite(v));

export function pairedWithOff<T extends { round: number }>(mine: readonly T[], off: readonly T[], value: (m: T, o: T) => number): Spread {
  return spread(finite(mine.flatMap((m) => off.filter((o) => o.round === m.round).map((o) => value(m, o)))));
}

export function summarizeRuns(cells: readonly Cell[], runs: readonly VariantRun[]): LimitsRow[] {
  return cells.flatMap((cell) => {
    const of = (variant: LimitVariant): VariantRun[] => runs.filter((r) => r.variant === variant && sameCell(r.result.cell, cell));
    const off = of("off").map((r) => r.result);
    return limitVariants.map((variant): LimitsRow => {
      const mine = of(variant).map((r) => r.result);
      const isOff = variant === "off";
      return {
        cell,
        variant,
        requestsPerSecond: spread(mine.map((r) => r.requestsPerSecond)),
        latencyP50Ms: spread(mine.map((r) => r.latencyP50Ms)),
        latencyP99Ms: spread(mine.map((r) => r.latencyP99Ms)),
        cpuUsPerRequest: spread(finite(mine.map((r) => r.gatewayCpuUsPerRequest ?? Number.NaN))),
        windowRows: spread(of(variant).map((r) => r.windowRows)),
        requests: mine.reduce((sum, r) => sum + r.requests, 0),
        addedP50Ms: isOff ? null : pairedWithOff(mine, off, (m, o) => m.latencyP50Ms - o.latencyP50Ms),
        addedCpuUs: isOff ? null : pairedWithOff(mine, off, (m, o) => (m.gatewayCpuUsPerRequest ?? Number.NaN) - (o.gatewayCpuUsPerRequest ?? Number.NaN)),
        throughputRatio: isOff ? null : pairedWithOff(mine, off, (m, o) => m.requestsPerSecond / o.requestsPerSecond),
      };
    });
  });
}

export function summarizeProbes(probes: readonly ProbeRecord[]): PhaseRow[] {
  const off = probes.filter((p) => p.label === "off");
  const labels: ProbeLabel[] = [...limitVariants, emptyWindow];
  return labels.map((label): PhaseRow => {
    const mine = probes.filter((p) => p.label === label);
    const isOff = label === "off";
    return {
      label,
      windowRows: spread(mine.map((p) => p.windowRows)),
      phaseP50Ms: spread(finite(mine.map((p) => p.sequential.phaseP50Ms))),
      phaseMeanMs: spread(finite(mine.map((p) => p.sequential.phaseMeanMs))),
      phaseC16P50Ms: spread(finite(mine.map((p) => p.concurrent?.phaseP50Ms ?? Number.NaN))),
      latencyP50Ms: spread(mine.map((p) => p.sequential.latencyP50Ms)),
      cpuUsPerRequest: spread(mine.map((p) => p.sequential.cpuUsPerRequest)),
      addedLatencyMs: isOff ? null : pairedWithOff(mine, off, (m, o) => m.sequential.latencyP50Ms - o.sequential.latencyP50Ms),
      addedCpuUs: isOff ? null : pairedWithOff(mine, off, (m, o) => m.sequential.cpuUsPerRequest - o.sequential.cpuUsPerRequest),
    };
  });
}

export const cellName = (cell: Cell): string => `${cell.mode} c${cell.connections}`;
const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
const ratio = (value: Spread | null): string => (value === null ? "" : `${med(value, 2)}×`);
const blankIf = (condition: boolean, text: string): string => (condition ? "" : text);

export function renderTables(rows: readonly LimitsRow[], phases: readonly PhaseRow[]): string {
  const loadHeader = [
    ...["load", "variant", "requests in window", "req/s", "p50 ms", "p99 ms", "CPU µs/req"],
    ...["added p50 ms", "added CPU µs/req", "req/s vs off", "answers, all 200"],
  ];
  const phaseHeader = [
    ...["probe", "requests in window", "`limits` phase p50 ms", "phase mean ms", "phase p50 ms at c16"],
    ...["latency p50 ms", "added latency ms", "CPU µs/req", "added CPU µs/req"],
  ];
  return [
    row(loadHeader),
    row(loadHeader.map(() => "---")),
    ...rows.map((r) =>
      row([
        cellName(r.cell),
        `\`${r.variant}\``,
        blankIf(r.variant === "off", med(r.windowRows, 0)),
        med(r.requestsPerSecond, 0),
        med(r.latencyP50Ms, 0),
        med(r.latencyP99Ms, 0),
        med(r.cpuUsPerRequest, 0),
        r.addedP50Ms === null ? "" : signed(r.addedP50Ms, 0),
        r.addedCpuUs === null ? "" : signed(r.addedCpuUs, 0),
        ratio(r.throughputRatio),
        num(r.requests, 0),
      ]),
    ),
    "",
    row(phaseHeader),
    row(phaseHeader.map(() => "---")),
    ...phases.map((p) => {
      const off = p.label === "off";
      return row([
        `\`${p.label}\``,
        blankIf(off, med(p.windowRows, 0)),
        off ? "none (no call)" : med(p.phaseP50Ms, 1),
        blankIf(off, med(p.phaseMeanMs, 2)),
        blankIf(off || p.phaseC16P50Ms.n === 0, med(p.phaseC16P50Ms, 1)),
        med(p.latencyP50Ms, 2),
        p.addedLatencyMs === null ? "" : signed(p.addedLatencyMs, 2),
        med(p.cpuUsPerRequest, 0),
        p.addedCpuUs === null ? "" : signed(p.addedCpuUs, 0),
      ]);
    }),
    "",
  ].join("\n");
}
