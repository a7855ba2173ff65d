import { med, num, signed } from "./format";
import { cellName, emptyWindow, type LimitsRow, type PhaseRow, type ProbeLabel, renderTables } from "./limits-report";
import { type LimitVariant, unreachableLimits } from "./limits-rig";
import type { Cell } from "./schedule";
import { headerLines, type RunHeader } from "./section-header";
import type { Spread } from "./stats";

/** The part of bench/RESULTS.md `npm run bench:limits -- --record` owns. */
export const limitsSectionHeading = "## Rate limits: one Durable Object round trip";

/** The main run's Switchboard figures (bench/results.json), to put the limiter's cost against. */
export interface GatewayBaseline {
  readonly commit: string;
  readonly addedP50MsC1: number | null;
  readonly addedP50MsC16: number | null;
  readonly cpuUsC16: number | null;
}

export interface LimitsContext extends RunHeader {
  readonly cells: readonly Cell[];
  readonly probeRequests: { readonly sequential: number; readonly concurrent: number };
  readonly wallSeconds: number;
  readonly otherLoadCores: Spread;
  readonly baseline: GatewayBaseline | null;
}

export function renderSection(rows: readonly LimitsRow[], phases: readonly PhaseRow[], context: LimitsContext): string {
  const l = unreachableLimits;
  const count = (n: number | undefined): string => num(n ?? Number.NaN, 0);
  return [
    limitsSectionHeading,
    "",
    ...headerLines(
      context,
      `${context.rounds} round(s), ${context.durationSeconds} s per run, ${context.cells.map(cellName).join(", ")}`,
      context.wallSeconds,
      context.otherLoadCores,
    ),
    "",
    "The main bench's Switchboard Worker (same bundle, wrangler.toml bindings, gateway config and zero-latency",
    "simulator in its own process; one workerd under the Miniflare API; autocannon) with three keys: **`off`**, a",
    "tenant without a policy (no limiter call); **`tenant`**, a tenant whose KV policy (`tenant:<id>`) allows",
    `${count(l.requestsPerMinute)} requests and ${count(l.tokensPerMinute)} tokens per minute and a daily budget, far above what the bench`,
    "reaches (one `admit` RPC to the tenant's `RateLimiter` object before dispatch, one `settle` after the answer",
    "under `waitUntil`); **`tenant+key`**, another such tenant whose key has the same limits of its own (still one",
    "round trip to the tenant's object, two subjects checked and reserved). Runs are interleaved by round;",
    "figures are medians over rounds with min–max; \"added\" and \"vs off\" are paired with `off`'s run in the same",
    "round and load. CPU is the workerd process's, which in Miniflare also runs the Durable Object, so it includes",
    "the limiter's work (in production that runs, and is billed, in the object's isolate). **Requests in window** is",
    "what the variant's tenant sent in the minute before the run or probe (estimated from the bench's own",
    "traffic): the limiter keeps running totals, so its cost should not depend on it, and the rows show whether it does.",
    "Every answer was 200 (autocannon counts non-2xx, and one stops the run). Probes outside the timed runs, from",
    `the runner (${context.probeRequests.sequential} sequential plain calls, then ${context.probeRequests.concurrent} on 16 connections, per variant and round), checked`,
    "that the limited variants answer with `ratelimit-policy` and a `limits` phase in `Server-Timing` every time",
    "and `off` with neither, and give the phase (workerd's clock moves in whole milliseconds, hence the mean) and",
    `latency at µs resolution. **\`${emptyWindow}\`** is a new limited tenant each round, probed sequentially only.`,
    "Code: `bench/limits.ts`.",
    "",
    renderTables(rows, phases),
    ...interpretation(rows, phases, context.baseline),
    "",
  ].join("\n");
}

/** The few sentences under the tables, from the measured figures. */
function interpretation(rows: readonly LimitsRow[], phases: readonly PhaseRow[], baseline: GatewayBaseline | null): string[] {
  const phase = (label: ProbeLabel): PhaseRow | undefined => phases.find((p) => p.label === label);
  const at = (connections: number, variant: LimitVariant): LimitsRow | undefined =>
    rows.find((r) => r.cell.mode === "plain" && r.cell.connections === connections && r.variant === variant);
  const [empty, tenant, both, c1, c16, off16] = [phase(emptyWindow), phase("tenant"), phase("tenant+key"), at(1, "tenant"), at(16, "tenant"), at(16, "off")];
  if (!empty || !tenant || !both || !c1 || !c16 || !off16) return [];
  const m = (value: Spread | null | undefined): number => value?.median ?? Number.NaN;
  const plus = (value: Spread | null | undefined, digits: number): string => signed(value ? { ...value, n: 1 } : value, digits);
  const lines = [
    `**What one round trip costs:** a sequential limited call on a busy tenant (~${num(m(tenant.windowRows), 0)} requests in its window) takes`,
    `${plus(tenant.addedLatencyMs, 2)} ms and ${plus(tenant.addedCpuUs, 0)} µs of workerd CPU more than \`off\` (probe, µs resolution); its \`limits\` phase (the`,
    `tenant's policy, cached per isolate, plus the \`admit\` RPC) averages ${num(m(tenant.phaseMeanMs), 2)} ms. On a new tenant's object, whose first call`,
    `also starts it, the same call costs ${plus(empty.addedLatencyMs, 2)} ms and ${plus(empty.addedCpuUs, 0)} µs: the cost does not grow with the tenant's traffic,`,
    "because `admit` decides from running totals in memory and writes nothing; the one row per request is",
    "written when it is settled, after the answer (settlements leave in batches). Under load the limiter adds",
    `${plus(c16.addedCpuUs, 0)} µs per plain c16 request (${num((m(c16.addedCpuUs) / m(off16.cpuUsPerRequest)) * 100, 0)}% on top of \`off\`'s ${num(m(off16.cpuUsPerRequest), 0)} µs: the \`admit\` RPC's plumbing on both`,
    `sides and a share of a batched settlement and its write, all on workerd's one thread here) and ${plus(c16.addedP50Ms, 0)} ms at p50 (c1: ${plus(c1.addedP50Ms, 0)} ms); throughput is`,
    `${num(m(c16.throughputRatio), 2)}× \`off\`'s.`,
  ];
  if (baseline) {
    const ratioC1 = m(tenant.addedLatencyMs) / (baseline.addedP50MsC1 ?? Number.NaN);
    lines.push(
      `The whole gateway adds +${num(baseline.addedP50MsC1, 0)} ms p50 at c1 and +${num(baseline.addedP50MsC16, 0)} ms at c16 over the simulator and uses ${num(baseline.cpuUsC16, 0)} µs CPU per c16`,
      `request (main run above, commit ${baseline.commit}, 1 ms resolution): a limited call adds ${num(ratioC1, 1)}× that latency at c1, and at c16`,
      `${relative(m(c16.addedP50Ms), baseline.addedP50MsC16)} the gateway's added p50.`,
    );
  }
  lines.push(
    "Key limits ride the same round trip and add a second subject to check and reserve in memory:",
    `\`tenant+key\` costs ${plus(both.addedLatencyMs, 2)} ms and ${plus(both.addedCpuUs, 0)} µs sequentially and ${plus(at(16, "tenant+key")?.addedCpuUs, 0)} µs per c16 request.`,
  );
  return lines;
}

function relative(cost: number, whole: number | null): string {
  if (whole === null || !Number.isFinite(cost) || !(whole > 0)) return "n/a";
  return `${num(cost / whole, 1)}×`;
}
