import { med, num, signed } from "./format";
import { type GuardrailsRun, loadConnections, loadModes } from "./guardrails-load";
import type { MicroSample } from "./guardrails-micro";
import type { MicroCase } from "./guardrails-micro-cases";
import { type GuardrailVariant, guardrailVariants } from "./guardrails-rig";
import { pairedWithOff } from "./limits-report";
import { type Column, tableOf } from "./markdown-table";
import { type Spread, spread } from "./stats";
import type { Mode } from "./targets";

export interface MicroRow {
  readonly case: MicroCase;
  /** Per round: the median and p99 of that round's calls. */
  readonly medianUs: Spread;
  readonly p99Us: Spread;
  readonly usPerKiB: Spread;
  readonly calls: number;
}

export interface LoadRow {
  readonly mode: Mode;
  readonly variant: GuardrailVariant;
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  readonly cpuUsPerRequest: Spread;
  readonly requests: number;
  /** Paired by round with `off` in the same mode; null for `off` itself. */
  readonly vsOff: { readonly throughputRatio: Spread; readonly p50Ms: Spread; readonly p99Ms: Spread; readonly cpuUs: Spread } | null;
}

export interface GuardrailsFigures {
  readonly micro: readonly MicroRow[];
  readonly load: readonly LoadRow[];
}

export function summarizeMicro(samples: readonly MicroSample[]): MicroRow[] {
  const cases = [...new Set(samples.map((sample) => sample.case))];
  return cases.map((micro) => {
    const mine = samples.filter((sample) => sample.case === micro);
    return {
      case: micro,
      medianUs: spread(mine.map((s) => s.medianUs)),
      p99Us: spread(mine.map((s) => s.p99Us)),
      usPerKiB: spread(mine.map((s) => s.medianUs / (micro.bytes / 1024))),
      calls: mine.reduce((sum, s) => sum + s.calls, 0),
    };
  });
}

export function summarizeLoad(runs: readonly GuardrailsRun[]): LoadRow[] {
  return loadModes.flatMap((mode) => {
    const of = (variant: GuardrailVariant): GuardrailsRun[] => runs.filter((run) => run.mode === mode && run.variant === variant);
    const off = of("off");
    return guardrailVariants.map((variant): LoadRow => {
      const mine = of(variant);
      const paired = (value: (m: GuardrailsRun, o: GuardrailsRun) => number): Spread => pairedWithOff(mine, off, value);
      return {
        mode,
        variant,
        requestsPerSecond: spread(mine.map((r) => r.requestsPerSecond)),
        latencyP50Ms: spread(mine.map((r) => r.latencyP50Ms)),
        latencyP99Ms: spread(mine.map((r) => r.latencyP99Ms)),
        cpuUsPerRequest: spread(mine.map((r) => r.cpuUsPerRequest)),
        requests: mine.reduce((sum, r) => sum + r.requests, 0),
        vsOff:
          variant === "off"
            ? null
            : {
                throughputRatio: paired((m, o) => m.requestsPerSecond / o.requestsPerSecond),
                p50Ms: paired((m, o) => m.latencyP50Ms - o.latencyP50Ms),
                p99Ms: paired((m, o) => m.latencyP99Ms - o.latencyP99Ms),
                cpuUs: paired((m, o) => m.cpuUsPerRequest - o.cpuUsPerRequest),
              },
      };
    });
  });
}

const microColumns: readonly Column<MicroRow>[] = [
  ["guard", (r) => r.case.group],
  ["input", (r) => r.case.input],
  ["KiB", (r) => num(r.case.bytes / 1024, 1)],
  ["found", (r) => r.case.findings],
  ["median µs", (r) => med(r.medianUs, 1)],
  ["p99 µs", (r) => med(r.p99Us, 0)],
  ["µs per KiB (median)", (r) => med(r.usPerKiB, 1)],
  ["calls", (r) => num(r.calls, 0)],
];

const loadColumns: readonly Column<LoadRow>[] = [
  ["load", (r) => `${r.mode} c${loadConnections}`],
  ["guardrails", (r) => `\`${r.variant}\``],
  ["req/s", (r) => med(r.requestsPerSecond, 0)],
  ["p50 ms", (r) => med(r.latencyP50Ms, 0)],
  ["p99 ms", (r) => med(r.latencyP99Ms, 0)],
  ["CPU µs/req", (r) => med(r.cpuUsPerRequest, 0)],
  ["req/s vs off", (r) => (r.vsOff ? `${med(r.vsOff.throughputRatio, 2)}×` : "")],
  ["added p50 ms", (r) => (r.vsOff ? signed(r.vsOff.p50Ms, 0) : "")],
  ["added p99 ms", (r) => (r.vsOff ? signed(r.vsOff.p99Ms, 0) : "")],
  ["added CPU µs/req", (r) => (r.vsOff ? signed(r.vsOff.cpuUs, 0) : "")],
  ["answers, all 200", (r) => num(r.requests, 0)],
];

export const renderMicroTable = (rows: readonly MicroRow[]): string => tableOf(microColumns, rows);
export const renderLoadTable = (rows: readonly LoadRow[]): string => tableOf(loadColumns, rows);

/** Both tables, as stdout shows them. */
export function renderGuardrailsTables(figures: GuardrailsFigures): string {
  return ["Per request, in this Node process (tsx):", "", renderMicroTable(figures.micro), "End to end, the bundled Worker under Miniflare:", "", renderLoadTable(figures.load)].join("\n");
}
