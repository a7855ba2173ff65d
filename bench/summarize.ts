import type { RunResult } from "./measure-run";
import type { Cell } from "./schedule";
import { type Spread, spread } from "./stats";
import { type Mode, type TargetId, targetIds } from "./targets";
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
  readonly targets: Readonly<Record<TargetId, TargetCell>>;
  /** Switchboard over the trivial Worker, paired by round. */
  readonly throughputRatio: Spread;
  readonly cpuRatio: Spread;
}

export interface TtfbSummary {
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
}

export type TtfbSamples = Readonly<Record<TargetId, readonly TtfbResult[]>>;

/** Medians with min–max over rounds for every cell and target, and the ratios to the floor. */
export function summarizeCells(cells: readonly Cell[], results: readonly RunResult[]): CellSummary[] {
  return cells.map((cell) => {
    const inCell = results.filter((r) => r.cell.mode === cell.mode && r.cell.connections === cell.connections);
    const byRound = (target: TargetId): Map<number, RunResult> => new Map(inCell.filter((r) => r.target === target).map((r) => [r.round, r]));
    const direct = byRound("direct");
    const trivial = byRound("trivial");
    const switchboard = byRound("switchboard");

    const targetCell = (id: TargetId): TargetCell => {
      const runs = [...byRound(id).values()];
      const added = (pick: (r: RunResult) => number): Spread | null =>
        id === "direct" ? null : spread(paired(byRound(id), direct, (a, b) => pick(a) - pick(b)));
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
    };

    const targets = Object.fromEntries(targetIds.map((id) => [id, targetCell(id)])) as Record<TargetId, TargetCell>;
    return {
      ...cell,
      targets,
      throughputRatio: spread(paired(switchboard, trivial, (s, t) => s.requestsPerSecond / t.requestsPerSecond)),
      cpuRatio: spread(paired(switchboard, trivial, (s, t) => (s.gatewayCpuUsPerRequest ?? Number.NaN) / (t.gatewayCpuUsPerRequest ?? Number.NaN))),
    };
  });
}

/** Values of `f` over the rounds both maps have: runs that ran minutes apart are not compared. */
function paired(a: Map<number, RunResult>, b: Map<number, RunResult>, f: (a: RunResult, b: RunResult) => number): number[] {
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
