import type { RunResult } from "./measure-run";
import type { Cell } from "./schedule";
import { type Spread, spread } from "./stats";
import { type BaseTargetId, baseTargetIds, type Mode, type TargetId, targetIds } from "./targets";
import type { TtfbResult } from "./ttfb-probe";

export interface TargetCell {
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  /** Paired by round: this target's latency minus the simulator's own. */
  readonly addedP50Ms: Spread | null;
  readonly addedP99Ms: Spread | null;
  readonly gatewayCpuUsPerRequest: Spread | null;
  readonly peakMemoryMiB: Spread | null;
  readonly simulatorCpuUsPerRequest: Spread;
  readonly runnerCpuUsPerRequest: Spread;
}

export interface CellSummary extends Cell {
  /** The headline's targets; the translated routes are summarized in `translation.ts`. */
  readonly targets: Readonly<Record<BaseTargetId, TargetCell>>;
  /** Switchboard over the trivial Worker, paired by round. */
  readonly throughputRatio: Spread;
  readonly cpuRatio: Spread;
}

export interface TtfbSummary {
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
}

export type TtfbSamples = Readonly<Record<TargetId, readonly TtfbResult[]>>;

/** Medians with min–max over rounds for every cell and base target, and the ratios to the floor. */
export function summarizeCells(cells: readonly Cell[], results: readonly RunResult[]): CellSummary[] {
  return cells.map((cell) => {
    const inCell = resultsIn(cell, results);
    const trivial = byRound(inCell, "trivial");
    const switchboard = byRound(inCell, "switchboard");
    const targets = Object.fromEntries(baseTargetIds.map((id) => [id, targetCellOf(inCell, id)])) as Record<BaseTargetId, TargetCell>;
    return {
      ...cell,
      targets,
      throughputRatio: spread(paired(switchboard, trivial, (s, t) => s.requestsPerSecond / t.requestsPerSecond)),
      cpuRatio: spread(paired(switchboard, trivial, (s, t) => (s.gatewayCpuUsPerRequest ?? Number.NaN) / (t.gatewayCpuUsPerRequest ?? Number.NaN))),
    };
  });
}

export function resultsIn(cell: Cell, results: readonly RunResult[]): RunResult[] {
  return results.filter((r) => r.cell.mode === cell.mode && r.cell.connections === cell.connections);
}

/** One target's runs in one cell, by round. */
export function byRound(inCell: readonly RunResult[], target: TargetId): Map<number, RunResult> {
  return new Map(inCell.filter((r) => r.target === target).map((r) => [r.round, r]));
}

/** One target's figures in one cell; latency added over the simulator is paired by round. */
export function targetCellOf(inCell: readonly RunResult[], id: TargetId): TargetCell {
  const runs = [...byRound(inCell, id).values()];
  const direct = byRound(inCell, "direct");
  const added = (pick: (r: RunResult) => number): Spread | null =>
    id === "direct" ? null : spread(paired(byRound(inCell, id), direct, (a, b) => pick(a) - pick(b)));
  const optional = (pick: (r: RunResult) => number | null): Spread | null => {
    const values = runs.map(pick).filter((v): v is number => v !== null);
    return values.length > 0 ? spread(values) : null;
  };
  return {
    requestsPerSecond: spread(runs.map((r) => r.requestsPerSecond)),
    latencyP50Ms: spread(runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: spread(runs.map((r) => r.latencyP99Ms)),
    addedP50Ms: added((r) => r.latencyP50Ms),
    addedP99Ms: added((r) => r.latencyP99Ms),
    gatewayCpuUsPerRequest: optional((r) => r.gatewayCpuUsPerRequest),
    peakMemoryMiB: optional((r) => r.peakMemoryMiB),
    simulatorCpuUsPerRequest: spread(runs.map((r) => r.simulatorCpuUsPerRequest)),
    runnerCpuUsPerRequest: spread(runs.map((r) => r.runnerCpuUsPerRequest)),
  };
}

/** Values of `f` over the rounds both maps have: runs that ran minutes apart are not compared. */
export function paired(a: Map<number, RunResult>, b: Map<number, RunResult>, f: (a: RunResult, b: RunResult) => number): number[] {
  const values: number[] = [];
  for (const [round, left] of a) {
    const right = b.get(round);
    if (right) values.push(f(left, right));
  }
  return values;
}

export function summarizeTtfb(samples: TtfbSamples): Record<TargetId, TtfbSummary> {
  return Object.fromEntries(
    targetIds.map((id) => [id, { p50Ms: spread(samples[id].map((s) => s.p50Ms)), p99Ms: spread(samples[id].map((s) => s.p99Ms)) }]),
  ) as Record<TargetId, TtfbSummary>;
}

/** The cell the targets are judged on. */
export function findCell(cells: readonly CellSummary[], mode: Mode, connections: number): CellSummary | undefined {
  return cells.find((c) => c.mode === mode && c.connections === connections);
}
