import { circuitBreaker, fastProfile, targetTimeouts } from "./faults-config";
import { num } from "./format";
import type { ScenarioResult } from "./faults-run";
import type { Expectation, ScenarioOutcome } from "./faults-scenarios";
import type { MachineInfo } from "./machine-info";

export const faultSectionHeading = "## Fault injection";

export interface RunContext {
  readonly date: string;
  readonly commit: string;
  readonly machine: MachineInfo;
  readonly command: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly hangAfterMs: number;
  readonly wallSeconds: number;
}

/** The table, the route samples and the expectations: what stdout shows and the recorded section holds. */
export function renderResults(results: readonly ScenarioResult[]): string {
  return [
    ...table(results),
    "",
    "Route decisions (the most frequent `x-switchboard-route` per scenario):",
    "",
    ...routeLines(results),
    "",
    "Expectations:",
    "",
    ...expectationLines(results),
    "",
    "Routing I/O: the slowest `route` phase (resolve, filter, rank; `Server-Timing`) of any request, and the calls",
    "routing made to the `eu` RegionHealth Durable Object in the whole scenario (its `reports` counter; warm-up",
    "included). Samples are shared off the request path, at most once per sync interval per isolate:",
    "",
    ...routingIoLines(results),
    "",
  ].join("\n");
}

export function renderSection(results: readonly ScenarioResult[], context: RunContext): string {
  const m = context.machine;
  const t = targetTimeouts;
  return [
    faultSectionHeading,
    "",
    `- **date:** ${context.date}`,
    `- **commit:** ${context.commit}`,
    `- **command:** \`${context.command}\` (${context.requests} requests per scenario, concurrency ${context.concurrency}; wall time ${Math.round(context.wallSeconds)} s)`,
    `- **machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, load average ${m.loadAverageAtStart} at start; Node ${m.node}, ${m.workerd}, miniflare ${m.miniflare}`,
    "",
    `Each scenario starts a fresh gateway (a new workerd: no circuit or latency score carries over), clears the`,
    `simulator's faults, warms the gateway up with ${context.concurrency} requests (not counted), applies its faults and sends`,
    "non-streaming chat completions (streams where it says so) through `dispatchFetch` with the `request.cf` of a",
    "caller in Germany. Providers `fast-us`, `fast-eu`, `fast-ap` (OpenAI format) and `claude-eu` (Anthropic",
    `format) answer after ${fastProfile.latencyMs} ms; targets have a ${t.firstByteMs} ms first-byte limit, a ${t.idleMs} ms stream idle limit and a`,
    `${t.totalMs / 1000} s total limit; circuits open after ${circuitBreaker.failureThreshold} failures for ${circuitBreaker.cooldownSeconds} s. Latency is client-observed until the`,
    `answer's end; a call not finished after ${context.hangAfterMs / 1000} s counts as hung. "served by" counts answers by`,
    "`x-switchboard-target`, whole or not.",
    "Code: `bench/faults.ts`.",
    "",
    renderResults(results),
  ].join("\n");
}

/** The invariants that failed, as lines for the error message; empty when the run passed. */
export function failedInvariants(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((result) =>
    result.scenario.expectations.filter((e) => e.invariant && !e.holds(result.outcome)).map((e) => `${result.scenario.name}: ${e.says}`),
  );
}

function table(results: readonly ScenarioResult[]): string[] {
  const header = [
    ...["scenario", "model", "requests", "success", "mean attempts", "p50 ms", "p95 ms", "max ms"],
    ...["served by", "failed answers", "streams: done / error event / cut off / hung", "served outside EU"],
  ];
  return [row(header), row(header.map(() => "---")), ...results.map((result) => row(tableCells(result)))];
}

function tableCells({ scenario, outcome, latency }: ScenarioResult): string[] {
  const endings = outcome.streamEndings;
  return [
    scenario.name,
    `\`${scenario.model}\``,
    String(outcome.requests),
    successRate(outcome.succeeded, outcome.requests),
    num(outcome.meanAttempts, 2),
    num(latency.p50, 0),
    num(latency.p95, 0),
    num(latency.max, 0),
    servedBy(outcome.servedBy, outcome.requests),
    failedAnswers(outcome.failedStatuses),
    endings === null ? "—" : `${endings.completed} / ${endings.error_event} / ${endings.cut_off} / ${endings.hung}`,
    outcome.outsideJurisdiction === null ? "—" : String(outcome.outsideJurisdiction),
  ];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** Exact at the ends: 99.6% must not read as 100%. */
function successRate(succeeded: number, requests: number): string {
  if (requests === 0) return "n/a";
  if (succeeded === requests) return "100%";
  if (succeeded === 0) return "0%";
  return `${num((succeeded / requests) * 100, 1)}%`;
}

function servedBy(counts: ReadonlyMap<string, number>, requests: number): string {
  if (counts.size === 0) return "none";
  const shares = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return shares.map(([target, count]) => `${target} ${successRate(count, requests)}`).join(", ");
}

function failedAnswers(statuses: ReadonlyMap<number, number>): string {
  if (statuses.size === 0) return "none";
  const label = (status: number): string => (status === 0 ? "no answer" : status < 300 ? `${status} incomplete` : String(status));
  return [...statuses].sort((a, b) => a[0] - b[0]).map(([status, count]) => `${count}× ${label(status)}`).join(", ");
}

function routeLines(results: readonly ScenarioResult[]): string[] {
  return results.map(({ scenario, commonRoute, outcome }) =>
    commonRoute === null ? `- ${scenario.name}: no route header` : `- ${scenario.name}: \`${commonRoute.route}\` (${commonRoute.count} of ${outcome.requests})`,
  );
}

function routingIoLines(results: readonly ScenarioResult[]): string[] {
  return results.map(
    ({ scenario, outcome, routePhaseMaxMs, regionHealthCalls, warmUpCalls }) =>
      `- ${scenario.name}: route phase ≤ ${num(routePhaseMaxMs, 1)} ms; ${regionHealthCalls} RegionHealth call(s) for ${outcome.requests + warmUpCalls} requests`,
  );
}

function expectationLines(results: readonly ScenarioResult[]): string[] {
  return results.map(({ scenario, outcome, warmUpFailures }) => {
    const failed = scenario.expectations.filter((e) => !e.holds(outcome));
    const expected = scenario.expectations.map((e) => describe(e, outcome)).join("; ");
    const verdict = failed.length === 0 ? "**matched**" : `**not matched**: ${failed.map((e) => e.says).join("; ")}`;
    const warmUp = warmUpFailures > 0 ? ` (${warmUpFailures} warm-up request(s) failed before any fault was set)` : "";
    return `- ${scenario.name}: expected ${expected}. ${verdict}${warmUp}.`;
  });
}

function describe(expectation: Expectation, outcome: ScenarioOutcome): string {
  const notes = [...(expectation.invariant ? ["invariant"] : []), ...(expectation.measured ? [expectation.measured(outcome)] : [])];
  return notes.length === 0 ? expectation.says : `${expectation.says} (${notes.join("; ")})`;
}
