import { type CellSummary, findCell } from "./summarize";

/** The targets the issue sets for Switchboard against the trivial Worker, at concurrency 16. */
export const throughputTarget = 0.8;
export const cpuTarget = 1.5;

/** Changes of the headline ratios beyond these are reported as regressions (run-to-run noise is below them). */
const throughputTolerance = 0.05;
const cpuTolerance = 0.15;

export interface Headline {
  /** Switchboard's req/s over the trivial Worker's, median of per-round ratios. */
  readonly throughputRatioC16Plain: number | null;
  readonly throughputRatioC16Stream: number | null;
  /** Switchboard's workerd CPU per request over the trivial Worker's. */
  readonly cpuRatioC16Plain: number | null;
  readonly cpuRatioC16Stream: number | null;
  readonly requestsPerSecondC16Plain: { readonly direct: number | null; readonly trivial: number | null; readonly switchboard: number | null };
  readonly cpuUsPerRequestC16Plain: { readonly trivial: number | null; readonly switchboard: number | null };
}

export interface Verdict {
  /** Quick mode proves the harness works; it does not judge numbers. */
  readonly judged: boolean;
  readonly throughputMet: boolean | null;
  readonly cpuMet: boolean | null;
}

export function headlineOf(cells: readonly CellSummary[]): Headline {
  const plain = findCell(cells, "plain", 16);
  const stream = findCell(cells, "stream", 16);
  const value = (n: number | undefined): number | null => (n === undefined || Number.isNaN(n) ? null : n);
  return {
    throughputRatioC16Plain: value(plain?.throughputRatio.median),
    throughputRatioC16Stream: value(stream?.throughputRatio.median),
    cpuRatioC16Plain: value(plain?.cpuRatio.median),
    cpuRatioC16Stream: value(stream?.cpuRatio.median),
    requestsPerSecondC16Plain: {
      direct: value(plain?.targets.direct.requestsPerSecond.median),
      trivial: value(plain?.targets.trivial.requestsPerSecond.median),
      switchboard: value(plain?.targets.switchboard.requestsPerSecond.median),
    },
    cpuUsPerRequestC16Plain: {
      trivial: value(plain?.targets.trivial.gatewayCpuUsPerRequest?.median),
      switchboard: value(plain?.targets.switchboard.gatewayCpuUsPerRequest?.median),
    },
  };
}

export function verdictOf(headline: Headline, judged: boolean): Verdict {
  const { throughputRatioC16Plain: throughput, cpuRatioC16Plain: cpu } = headline;
  return {
    judged,
    throughputMet: judged && throughput !== null ? throughput >= throughputTarget : null,
    cpuMet: judged && cpu !== null ? cpu <= cpuTarget : null,
  };
}

/** Headline ratios that got worse than the previous recorded run by more than the noise allows. */
export function regressionsSince(previous: Headline | null, current: Headline): string[] {
  if (!previous) return [];
  const found: string[] = [];
  const lower = (name: string, before: number | null, now: number | null): void => {
    if (before !== null && now !== null && now < before - throughputTolerance) {
      found.push(`${name} fell from ${before.toFixed(2)} to ${now.toFixed(2)}`);
    }
  };
  const higher = (name: string, before: number | null, now: number | null): void => {
    if (before !== null && now !== null && now > before + cpuTolerance) {
      found.push(`${name} rose from ${before.toFixed(2)} to ${now.toFixed(2)}`);
    }
  };
  lower("throughput ratio at c16 plain", previous.throughputRatioC16Plain, current.throughputRatioC16Plain);
  lower("throughput ratio at c16 stream", previous.throughputRatioC16Stream, current.throughputRatioC16Stream);
  higher("CPU/request ratio at c16 plain", previous.cpuRatioC16Plain, current.cpuRatioC16Plain);
  higher("CPU/request ratio at c16 stream", previous.cpuRatioC16Stream, current.cpuRatioC16Stream);
  return found;
}
