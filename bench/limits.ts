// `npm run bench:limits`: what the rate limiter's one Durable Object round trip costs per request.
// The bundled Worker under Miniflare serves plain chat calls and streams for three keys, whose
// tenants have no limits (`off`), limits (`tenant`) or limits plus key limits (`tenant+key`),
// interleaved over rounds. The table goes to stdout, progress to stderr; `--record` rewrites the
// "## Rate limits: one Durable Object round trip" section of bench/RESULTS.md and nothing else.
import { stopOnSignals } from "./rig-cleanup";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readBaseline } from "./limits-baseline";
import { type Options, parseOptions } from "./limits-options";
import { probeLimits, probeProblem } from "./limits-probe";
import { emptyWindow, type ProbeRecord, renderTables, summarizeProbes, summarizeRuns, type VariantRun } from "./limits-report";
import { type LimitsRig, type LimitVariant, limitVariants, openLimitsRig } from "./limits-rig";
import { limitsSectionHeading, renderSection } from "./limits-section";
import { TrafficLog } from "./limits-window";
import { withSection } from "./markdown-section";
import { HarnessError, measureRun, type RunContext } from "./measure-run";
import { type Cell, rotate } from "./schedule";
import { runHeader } from "./section-header";
import { spread } from "./stats";
import { verifyTargets } from "./verify-targets";
import { warmUp as warmUpTargets } from "./warm-up";

const root = resolve(import.meta.dirname, "..");
const log = (line: string): void => void process.stderr.write(`bench:limits: ${line}\n`);

const cells: readonly Cell[] = [
  { mode: "plain", connections: 1 },
  { mode: "plain", connections: 16 },
  { mode: "stream", connections: 16 },
];
const probeRequests = { sequential: 200, concurrent: 320 } as const;

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2), join(root, "bench", "RESULTS.md"));
  const header = runHeader(root, options);

  const rig = await openLimitsRig(root, log);
  stopOnSignals(rig.close, log);
  const runs: VariantRun[] = [];
  const probes: ProbeRecord[] = [];
  const traffic = new TrafficLog();
  try {
    await verifyTargets(limitVariants.map((variant) => rig.targets[variant]));
    await warmUp(rig, options, traffic);
    const context: RunContext = { root, simulatorPid: rig.simulator.pid, ownPids: rig.ownPids, durationSeconds: options.durationSeconds };
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of rotate(limitVariants, round)) probes.push(await probe(rig, round, variant, traffic));
      probes.push(await probeEmptyWindow(rig, round));
      for (const [index, cell] of cells.entries()) {
        for (const variant of rotate(limitVariants, round + index)) {
          const startedAt = Date.now();
          const windowRows = traffic.inWindow(variant, startedAt);
          const result = await measureRun(context, { round, cell, target: "switchboard" }, rig.targets[variant]).catch((error: unknown) => {
            throw new HarnessError(`${variant}: ${error instanceof Error ? error.message : String(error)}`);
          });
          traffic.add(variant, startedAt, Date.now(), result.requests);
          runs.push({ variant, result, windowRows });
          log(
            `round ${round + 1}: ${cell.mode.padEnd(6)} c${String(cell.connections).padEnd(2)} ${variant.padEnd(10)} ${Math.round(result.requestsPerSecond)} req/s, ` +
              `p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${Math.round(result.gatewayCpuUsPerRequest ?? Number.NaN)} µs CPU/req ` +
              `(~${windowRows} requests in window); other load ${result.otherLoadCores.toFixed(2)} cores`,
          );
        }
      }
    }
  } finally {
    await rig.close();
  }

  const rows = summarizeRuns(cells, runs);
  const phases = summarizeProbes(probes);
  process.stdout.write(renderTables(rows, phases));
  if (options.record) {
    const section = renderSection(rows, phases, {
      ...header,
      cells,
      probeRequests,
      wallSeconds: (performance.now() - started) / 1000,
      otherLoadCores: spread(runs.map((r) => r.result.otherLoadCores)),
      baseline: readBaseline(join(root, "bench", "results.json")),
    });
    writeFileSync(options.resultsPath, withSection(readFileSync(options.resultsPath, "utf8"), section));
    log(`rewrote the "${limitsSectionHeading.slice(3)}" section of ${options.resultsPath}`);
  }
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}

/** Sequential, then 16-connection probe calls: the `limits` phase and proof that the variants differ. */
async function probe(rig: LimitsRig, round: number, variant: LimitVariant, traffic: TrafficLog): Promise<ProbeRecord> {
  const target = rig.targets[variant];
  const startedAt = Date.now();
  const windowRows = traffic.inWindow(variant, startedAt);
  const sequential = await probeLimits(target, probeRequests.sequential, 1);
  const concurrent = await probeLimits(target, probeRequests.concurrent, 16);
  traffic.add(variant, startedAt, Date.now(), sequential.requests + concurrent.requests);
  for (const found of [sequential, concurrent]) {
    const problem = probeProblem(variant, found);
    if (problem) throw new HarnessError(problem);
  }
  log(
    `round ${round + 1}: probe ${variant.padEnd(10)} limits phase mean ${sequential.phaseMeanMs.toFixed(2)} ms (c16 p50: ${concurrent.phaseP50Ms.toFixed(1)} ms), ` +
      `latency p50 ${sequential.latencyP50Ms.toFixed(2)} ms, ${Math.round(sequential.cpuUsPerRequest)} µs CPU/req (~${windowRows} requests in window)`,
  );
  return { round, label: variant, sequential, concurrent, windowRows };
}

/** The `tenant` round trip on an object whose window is empty: a new tenant with the same policy. */
async function probeEmptyWindow(rig: LimitsRig, round: number): Promise<ProbeRecord> {
  const sequential = await probeLimits(await rig.freshTenant(`bench-fresh-${round + 1}`), probeRequests.sequential, 1);
  const problem = probeProblem("tenant", sequential);
  if (problem) throw new HarnessError(`${emptyWindow}: ${problem}`);
  log(
    `round ${round + 1}: probe ${emptyWindow}: limits phase mean ${sequential.phaseMeanMs.toFixed(2)} ms, ` +
      `latency p50 ${sequential.latencyP50Ms.toFixed(2)} ms, ${Math.round(sequential.cpuUsPerRequest)} µs CPU/req`,
  );
  return { round, label: emptyWindow, sequential, concurrent: null, windowRows: 0 };
}

/** Discarded load per variant and mode: JIT, the key and policy caches, connection pools, the objects' first start. */
async function warmUp(rig: LimitsRig, options: Options, traffic: TrafficLog): Promise<void> {
  log(`warming up (${options.warmupSeconds} s per variant and mode) ...`);
  for (const load of await warmUpTargets(root, rig.targets, limitVariants, options.warmupSeconds)) {
    traffic.add(load.label, load.startedAt, load.endedAt, load.requests);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
