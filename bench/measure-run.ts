import { runLoad } from "./load-generator";
import { cpuMicros, machineCpu, peakMemoryMiB, reapedChildrenCpuMicros, resetPeakMemory } from "./proc-stats";
import type { Run } from "./schedule";
import { requestBody, requestHeaders, type Target } from "./targets";

export interface RunResult extends Run {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMeanMs: number;
  /** workerd CPU per completed request; null for the simulator alone (no gateway process). */
  readonly gatewayCpuUsPerRequest: number | null;
  /** The simulator's CPU per request: the same work behind every target, a check on fairness. */
  readonly simulatorCpuUsPerRequest: number;
  /** This runner process (Miniflare's Node side and its log drain), which could hide work. */
  readonly runnerCpuUsPerRequest: number;
  /** workerd's peak RSS during the run (lifetime peak where the kernel cannot reset it). */
  readonly peakMemoryMiB: number | null;
  /** Cores' worth of CPU used by processes that are not the bench's own: how noisy the machine was. */
  readonly otherLoadCores: number;
  /** Cores' worth of time the hypervisor gave to other machines (steal). */
  readonly stealCores: number;
}

export interface RunContext {
  readonly root: string;
  readonly simulatorPid: number;
  /** Every process the bench started and keeps running (both workerd, the simulator). */
  readonly ownPids: readonly number[];
  readonly durationSeconds: number;
}

export class HarnessError extends Error {}

/** One autocannon run against one target, with the CPU and memory of the processes behind it. */
export async function measureRun(context: RunContext, run: Run, target: Target): Promise<RunResult> {
  const gatewayPids = target.pids;
  if (gatewayPids.length > 0) resetPeakMemory(gatewayPids);
  const gatewayBefore = cpuMicros(gatewayPids);
  const simulatorBefore = cpuMicros([context.simulatorPid]);
  const runnerBefore = process.cpuUsage();
  const ownBefore = cpuMicros(context.ownPids) + reapedChildrenCpuMicros();
  const machineBefore = machineCpu();
  const started = performance.now();

  const load = await runLoad(context.root, {
    url: target.url,
    headers: requestHeaders(target),
    body: requestBody(target, run.cell.mode),
    connections: run.cell.connections,
    durationSeconds: context.durationSeconds,
  });

  const machine = machineCpu();
  const elapsedMicros = (performance.now() - started) * 1000;
  const runner = process.cpuUsage(runnerBefore);
  const runnerUs = runner.user + runner.system;
  // autocannon has exited and been reaped by now, so its CPU is in the children's counter.
  const ownUs = cpuMicros(context.ownPids) + reapedChildrenCpuMicros() - ownBefore + runnerUs;
  const simulatorUs = cpuMicros([context.simulatorPid]) - simulatorBefore;
  const gatewayUs = cpuMicros(gatewayPids) - gatewayBefore;
  const where = `${target.id}, ${run.cell.mode}, c${run.cell.connections}, round ${run.round + 1}`;
  if (load.non2xx > 0 || load.errors > 0) {
    throw new HarnessError(`${where}: ${load.non2xx} non-2xx answers and ${load.errors} errors/timeouts out of ${load.requests}; a benchmark of errors is worthless`);
  }
  if (load.requests === 0) throw new HarnessError(`${where}: no request completed`);

  return {
    ...run,
    requestsPerSecond: load.requestsPerSecond,
    requests: load.requests,
    latencyP50Ms: load.latencyP50Ms,
    latencyP99Ms: load.latencyP99Ms,
    latencyMeanMs: load.latencyMeanMs,
    gatewayCpuUsPerRequest: gatewayPids.length > 0 ? gatewayUs / load.requests : null,
    simulatorCpuUsPerRequest: simulatorUs / load.requests,
    runnerCpuUsPerRequest: runnerUs / load.requests,
    peakMemoryMiB: gatewayPids.length > 0 ? peakMemoryMiB(gatewayPids) : null,
    // Clock-tick granularity makes small values jitter around zero; they mean "quiet".
    otherLoadCores: Math.max(0, (machine.busyMicros - machineBefore.busyMicros - ownUs) / elapsedMicros),
    stealCores: (machine.stealMicros - machineBefore.stealMicros) / elapsedMicros,
  };
}
