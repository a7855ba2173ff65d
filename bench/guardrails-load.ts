import { guardrailsRequestBody } from "./guardrails-requests";
import { type GuardrailsRig, type GuardrailVariant, guardrailVariants } from "./guardrails-rig";
import { runLoad } from "./load-generator";
import { HarnessError } from "./measure-run";
import { cpuMicros, machineCpu, reapedChildrenCpuMicros } from "./proc-stats";
import { rotate } from "./schedule";
import { requestHeaders, type Mode } from "./targets";

export const loadConnections = 16;
export const loadModes: readonly Mode[] = ["plain", "stream"];

/** One autocannon run of one variant, with the workerd CPU behind it (measure-run.ts's way, with this bench's body). */
export interface GuardrailsRun {
  readonly variant: GuardrailVariant;
  readonly mode: Mode;
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly cpuUsPerRequest: number;
  /** Cores' worth of CPU used by processes outside the bench during the run. */
  readonly otherLoadCores: number;
}

export interface LoadOptions {
  readonly root: string;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/**
 * Discarded load on every variant and mode first, then per round and mode each variant once, back to
 * back, in an order rotating by round and mode, so no variant always runs first on a machine that
 * gets busier or quieter.
 */
export async function runGuardrailsLoad(rig: GuardrailsRig, options: LoadOptions, log: (line: string) => void): Promise<GuardrailsRun[]> {
  log(`warming up (${options.warmupSeconds} s per variant and mode) ...`);
  for (const variant of guardrailVariants) {
    for (const mode of loadModes) await measure(rig, options.root, variant, mode, -1, options.warmupSeconds);
  }
  const runs: GuardrailsRun[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, mode] of loadModes.entries()) {
      for (const variant of rotate(guardrailVariants, round + index)) {
        const run = await measure(rig, options.root, variant, mode, round, options.durationSeconds);
        runs.push(run);
        log(
          `round ${round + 1}: ${mode.padEnd(6)} c${loadConnections} ${variant.padEnd(8)} ${Math.round(run.requestsPerSecond)} req/s, ` +
            `p50 ${run.latencyP50Ms} ms, p99 ${run.latencyP99Ms} ms, ${Math.round(run.cpuUsPerRequest)} µs CPU/req; other load ${run.otherLoadCores.toFixed(2)} cores`,
        );
      }
    }
  }
  return runs;
}

async function measure(rig: GuardrailsRig, root: string, variant: GuardrailVariant, mode: Mode, round: number, seconds: number): Promise<GuardrailsRun> {
  const target = rig.targets[variant];
  const gatewayBefore = cpuMicros(target.pids);
  const ownBefore = cpuMicros(rig.ownPids) + reapedChildrenCpuMicros();
  const runnerBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const started = performance.now();
  const load = await runLoad(root, {
    url: target.url,
    headers: requestHeaders(target),
    body: guardrailsRequestBody(mode),
    connections: loadConnections,
    durationSeconds: seconds,
  });
  const elapsedMicros = (performance.now() - started) * 1000;
  const machine = machineCpu();
  const runner = process.cpuUsage(runnerBefore);
  // autocannon has exited and been reaped by now, so its CPU is in the children's counter.
  const ownUs = cpuMicros(rig.ownPids) + reapedChildrenCpuMicros() - ownBefore + runner.user + runner.system;
  const where = `${variant}, ${mode}, ${round < 0 ? "warm-up" : `round ${round + 1}`}`;
  if (load.non2xx > 0 || load.errors > 0) {
    throw new HarnessError(`${where}: ${load.non2xx} non-2xx answers and ${load.errors} errors/timeouts out of ${load.requests} (by status: ${JSON.stringify(load.statusCodes)})`);
  }
  if (load.requests === 0) throw new HarnessError(`${where}: no request completed`);
  return {
    variant,
    mode,
    round,
    requestsPerSecond: load.requestsPerSecond,
    requests: load.requests,
    latencyP50Ms: load.latencyP50Ms,
    latencyP99Ms: load.latencyP99Ms,
    cpuUsPerRequest: (cpuMicros(target.pids) - gatewayBefore) / load.requests,
    otherLoadCores: Math.max(0, (machine.busyMicros - machineBefore.busyMicros - ownUs) / elapsedMicros),
  };
}
