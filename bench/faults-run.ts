import type { RunningSimulator } from "../scripts/simulator/server";
import { type CallResult, callChat, type StreamEnding } from "./faults-client";
import { targetJurisdictions, targetTimeouts } from "./faults-config";
import type { Gateway } from "./faults-rig";
import { europeanCaller, type Scenario, type ScenarioOutcome } from "./faults-scenarios";
import { quantile } from "./stats";

export interface RunSettings {
  readonly requests: number;
  readonly concurrency: number;
  /** A call not finished after this long counts as hung. */
  readonly hangAfterMs: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly outcome: ScenarioOutcome;
  readonly latency: { readonly p50: number; readonly p95: number; readonly max: number };
  /** The most frequent `x-switchboard-route`, and how many answers carried it. */
  readonly commonRoute: { readonly route: string; readonly count: number } | null;
  /** Warm-up requests (before the faults) that did not succeed: a gateway that is broken, not faulted. */
  readonly warmUpFailures: number;
  readonly warmUpCalls: number;
  /** The slowest `route` phase (Server-Timing) of any call, in ms. */
  readonly routePhaseMaxMs: number;
  /** Calls the isolate made to the `eu` RegionHealth Durable Object during the scenario (warm-up included). */
  readonly regionHealthCalls: number;
}

/**
 * Clears every fault and warms the gateway up with one round of requests (not counted), so the
 * figures show a running gateway meeting a fault rather than an isolate starting; then applies the
 * scenario's faults and sends its requests.
 */
export async function runScenario(scenario: Scenario, gateway: Gateway, simulator: RunningSimulator, settings: RunSettings): Promise<ScenarioResult> {
  simulator.clearFaults();
  const spec = {
    url: gateway.hosted.url,
    apiKey: gateway.keys[scenario.key],
    model: scenario.model,
    stream: scenario.stream,
    caller: europeanCaller,
    hangAfterMs: settings.hangAfterMs,
  };
  const call = (sequence: number): Promise<CallResult> => callChat(gateway.hosted.miniflare, spec, sequence);
  const warmUp = await inParallel(settings.concurrency, settings.concurrency, call);
  const warmUpFailures = warmUp.filter((result) => !result.ok).length;
  for (const [provider, faults] of Object.entries(scenario.faults)) simulator.setFaults(provider, faults);
  const calls = await inParallel(settings.requests, settings.concurrency, call);
  simulator.clearFaults();
  const routePhases = calls.flatMap((result) => (result.routePhaseMs === null ? [] : [result.routePhaseMs]));
  return {
    ...summarize(scenario, calls),
    warmUpFailures,
    warmUpCalls: warmUp.length,
    routePhaseMaxMs: Math.max(0, ...routePhases),
    regionHealthCalls: await regionHealthReports(gateway, "eu"),
  };
}

/** How many reports the region's RegionHealth object merged: the Durable Object calls routing made. */
async function regionHealthReports(gateway: Gateway, region: string): Promise<number> {
  const namespace = await gateway.hosted.miniflare.getDurableObjectNamespace("REGION_HEALTH");
  const regionHealth = namespace.get(namespace.idFromName(region)) as unknown as { snapshot(): Promise<{ reports: number }> };
  return (await regionHealth.snapshot()).reports;
}

/** Runs `count` tasks, at most `concurrency` at a time; results in task order. */
async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

function summarize(scenario: Scenario, calls: readonly CallResult[]): Omit<ScenarioResult, "warmUpFailures" | "warmUpCalls" | "routePhaseMaxMs" | "regionHealthCalls"> {
  const latencies = calls.map((call) => call.latencyMs).sort((a, b) => a - b);
  const attempts = calls.flatMap((call) => (call.attempts === null ? [] : [call.attempts]));
  const outcome: ScenarioOutcome = {
    requests: calls.length,
    succeeded: calls.filter((call) => call.ok).length,
    meanAttempts: attempts.length === 0 ? Number.NaN : attempts.reduce((sum, n) => sum + n, 0) / attempts.length,
    servedBy: countBy(calls.filter((call) => call.target !== null), (call) => call.target ?? ""),
    failedStatuses: countBy(calls.filter((call) => !call.ok), (call) => call.status),
    streamEndings: scenario.stream ? streamEndings(calls) : null,
    outsideJurisdiction: scenario.key === "euPinned" ? calls.filter((call) => servedOutside(call, "eu")).length : null,
    slowerThanFirstByteLimit: calls.filter((call) => call.latencyMs >= targetTimeouts.firstByteMs).length,
    hung: calls.filter((call) => call.hung).length,
  };
  return {
    scenario,
    outcome,
    latency: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: latencies[latencies.length - 1] ?? Number.NaN },
    commonRoute: mostCommon(calls.flatMap((call) => (call.route === null ? [] : [call.route]))),
  };
}

/** Any answer naming a target or region outside the jurisdiction counts, failed or not. */
function servedOutside(call: CallResult, jurisdiction: string): boolean {
  const targetOutside = call.target !== null && targetJurisdictions[call.target] !== jurisdiction;
  const regionOutside = call.region !== null && call.region !== jurisdiction;
  return targetOutside || regionOutside;
}

function streamEndings(calls: readonly CallResult[]): Record<StreamEnding, number> {
  const endings: Record<StreamEnding, number> = { completed: 0, error_event: 0, cut_off: 0, hung: 0 };
  for (const call of calls) if (call.streamEnding !== null) endings[call.streamEnding]++;
  return endings;
}

function countBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function mostCommon(values: readonly string[]): { route: string; count: number } | null {
  let best: { route: string; count: number } | null = null;
  for (const [route, count] of countBy(values, (value) => value)) if (best === null || count > best.count) best = { route, count };
  return best;
}
