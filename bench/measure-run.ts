import { runLoad } from "./load-generator";
import { cpuMicros, peakMemoryMiB, resetPeakMemory } from "./proc-stats";
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
}

export class HarnessError extends Error {}

/** One autocannon run against one target, with the CPU and memory of the processes behind it. */
export async function measureRun(root: string, run: Run, target: Target, simulatorPid: number, durationSeconds: number): Promise<RunResult> {
  const gatewayPids = target.pids;
  if (gatewayPids.length > 0) resetPeakMemory(gatewayPids);
  const gatewayBefore = cpuMicros(gatewayPids);
  const simulatorBefore = cpuMicros([simulatorPid]);
  const runnerBefore = process.cpuUsage();

  const load = await runLoad(root, {
    url: target.url,
    headers: requestHeaders(target),
    body: requestBody(run.cell.mode),
    connections: run.cell.connections,
    durationSeconds,
  });

  const runner = process.cpuUsage(runnerBefore);
  const simulatorUs = cpuMicros([simulatorPid]) - simulatorBefore;
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
    runnerCpuUsPerRequest: (runner.user + runner.system) / load.requests,
    peakMemoryMiB: gatewayPids.length > 0 ? peakMemoryMiB(gatewayPids) : null,
  };
}
