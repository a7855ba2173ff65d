import { existsSync, readFileSync } from "node:fs";
import type { Headline, Verdict } from "./headline";
import type { MachineInfo } from "./machine-info";
import type { RunResult } from "./measure-run";
import type { Spread } from "./stats";
import type { CellSummary, TtfbSummary } from "./summarize";
import type { TargetId } from "./targets";
import type { TranslationCell, TranslationVerdict } from "./translation";

/** Everything one run found: printed as the last line of stdout, and kept as bench/results.json after a full run. */
export interface BenchSummary {
  readonly date: string;
  readonly commit: string;
  readonly command: string;
  readonly mode: "quick" | "full";
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly concurrencies: readonly number[];
  readonly machine: MachineInfo;
  readonly bundle: { readonly rawBytes: number; readonly gzipBytes: number };
  readonly startupMs: { readonly trivial: number; readonly switchboard: number };
  /** Switchboard's bindings, as read from wrangler.toml. */
  readonly bindings: readonly string[];
  /** Over all runs: CPU used by processes outside the bench, and hypervisor steal, in cores. */
  readonly noise: { readonly otherLoadCores: Spread; readonly stealCores: Spread };
  readonly cells: readonly CellSummary[];
  readonly ttfb: Readonly<Record<TargetId, TtfbSummary>>;
  readonly headline: Headline;
  readonly verdict: Verdict;
  /** The translated routes against Switchboard's pass-through route, where they ran. */
  readonly translation: readonly TranslationCell[];
  readonly translationVerdict: TranslationVerdict;
  /** Headline ratios worse than in the previous recorded full run. */
  readonly regressions: readonly string[];
  readonly previousCommit: string | null;
  readonly wallSeconds: number;
}

/** What bench/results.json keeps: the summary and every run behind it, for later analysis. */
export interface RecordedResults extends BenchSummary {
  readonly runs: readonly RunResult[];
}

/** The previous full run's headline, when bench/results.json holds one. */
export function readPrevious(path: string): { readonly headline: Headline; readonly commit: string } | null {
  if (!existsSync(path)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    const headline: unknown = Reflect.get(Object(parsed), "headline");
    const commit: unknown = Reflect.get(Object(parsed), "commit");
    if (typeof headline !== "object" || headline === null || typeof commit !== "string") return null;
    // Written by this harness; a file of another shape yields nulls in the comparison, not a crash.
    return { headline: headline as Headline, commit };
  } catch {
    return null;
  }
}
