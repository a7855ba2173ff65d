import type { RunResult } from "./measure-run";
import type { Cell } from "./schedule";
import { type Spread, spread } from "./stats";
import { byRound, paired, resultsIn, type TargetCell, targetCellOf } from "./summarize";
import { type TranslatedTargetId, translatedTargetIds } from "./targets";

/** The acceptance: translation adds "no more than a few percent" of CPU per request; read as ≤ 5%. */
export const translationCpuTarget = 0.05;

/** A translated route's figures, and what it costs over the pass-through route, paired by round. */
export interface TranslatedCell extends TargetCell {
  /** workerd CPU per request, translated minus pass-through. */
  readonly cpuAddedUs: Spread;
  /** workerd CPU per request, translated over pass-through, minus 1. */
  readonly cpuAddedShare: Spread;
  /** Requests per second, translated over pass-through. */
  readonly throughputRatio: Spread;
}

/** One cell in which the translated routes ran next to Switchboard's pass-through route. */
export interface TranslationCell extends Cell {
  readonly passThrough: TargetCell;
  readonly scenarios: Readonly<Record<TranslatedTargetId, TranslatedCell>>;
}

export interface TranslationVerdict {
  readonly judged: boolean;
  /** Every scenario's median CPU added at concurrency 16, plain and stream, within the target. */
  readonly cpuMet: boolean | null;
  /** The largest median CPU share added at concurrency 16. */
  readonly worstCpuAddedShareC16: number | null;
}

/** The translated routes against Switchboard's pass-through route, in every cell where they ran. */
export function summarizeTranslation(cells: readonly Cell[], results: readonly RunResult[]): TranslationCell[] {
  const found: TranslationCell[] = [];
  for (const cell of cells) {
    const inCell = resultsIn(cell, results);
    if (!inCell.some((r) => (translatedTargetIds as readonly string[]).includes(r.target))) continue;
    const passThrough = byRound(inCell, "switchboard");
    const cpu = (r: RunResult): number => r.gatewayCpuUsPerRequest ?? Number.NaN;
    const scenario = (id: TranslatedTargetId): TranslatedCell => {
      const translated = byRound(inCell, id);
      return {
        ...targetCellOf(inCell, id),
        cpuAddedUs: spread(paired(translated, passThrough, (t, p) => cpu(t) - cpu(p))),
        cpuAddedShare: spread(paired(translated, passThrough, (t, p) => cpu(t) / cpu(p) - 1)),
        throughputRatio: spread(paired(translated, passThrough, (t, p) => t.requestsPerSecond / p.requestsPerSecond)),
      };
    };
    found.push({
      ...cell,
      passThrough: targetCellOf(inCell, "switchboard"),
      scenarios: Object.fromEntries(translatedTargetIds.map((id) => [id, scenario(id)])) as Record<TranslatedTargetId, TranslatedCell>,
    });
  }
  return found;
}

export function translationVerdictOf(cells: readonly TranslationCell[], judged: boolean): TranslationVerdict {
  const shares = cells
    .filter((cell) => cell.connections === 16)
    .flatMap((cell) => translatedTargetIds.map((id) => cell.scenarios[id].cpuAddedShare.median))
    .filter((share) => !Number.isNaN(share));
  const worst = shares.length > 0 ? Math.max(...shares) : null;
  return { judged, cpuMet: judged && worst !== null ? worst <= translationCpuTarget : null, worstCpuAddedShareC16: worst };
}
