import type { Mode, TargetId } from "./targets";

export interface Cell {
  readonly mode: Mode;
  readonly connections: number;
}

export interface Run {
  readonly round: number;
  readonly cell: Cell;
  readonly target: TargetId;
}

/** Every mode × concurrency pair, in report order. */
export function cellsOf(modes: readonly Mode[], concurrencies: readonly number[]): Cell[] {
  return modes.flatMap((mode) => concurrencies.map((connections) => ({ mode, connections })));
}

/**
 * Interleaved runs: within a round each cell runs its targets back to back, and the order rotates
 * (A B C, B C A, C A B, ...) by round and cell, so no target is always first or always last when
 * the shared machine gets busier or quieter.
 */
export function schedule(rounds: number, cells: readonly Cell[], targetsOf: (cell: Cell) => readonly TargetId[]): Run[] {
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    cells.forEach((cell, index) => {
      for (const target of rotate(targetsOf(cell), round + index)) runs.push({ round, cell, target });
    });
  }
  return runs;
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
