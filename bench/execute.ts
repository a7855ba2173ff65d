import { runLoad } from "./load-generator";
import { HarnessError, measureRun, type RunContext, type RunResult } from "./measure-run";
import type { BenchOptions } from "./options";
import { type Cell, cellsOf, rotate, schedule } from "./schedule";
import type { Session } from "./session";
import type { TtfbSamples } from "./summarize";
import { baseTargetIds, requestBody, requestHeaders, type TargetId, targetIds } from "./targets";
import { probeTtfb, type TtfbResult } from "./ttfb-probe";

export interface Measurements {
  readonly cells: readonly Cell[];
  readonly results: readonly RunResult[];
  readonly ttfb: TtfbSamples;
}

type Log = (line: string) => void;

const labelWidth = Math.max(...targetIds.map((id) => id.length));

/**
 * Warm-up, then the interleaved rounds: a TTFB probe per target, then every cell for every target
 * (the translated routes only at `translationConcurrencies`).
 */
export async function execute(root: string, session: Session, options: BenchOptions, log: Log): Promise<Measurements> {
  await warmUp(root, session, options, log);
  const cells = cellsOf(options.modes, options.concurrencies);
  const runs = schedule(options.rounds, cells, (cell) =>
    options.translationConcurrencies.includes(cell.connections) ? targetIds : baseTargetIds,
  );
  const context: RunContext = {
    root,
    simulatorPid: session.simulator.pid,
    ownPids: session.ownPids,
    durationSeconds: options.durationSeconds,
  };
  const results: RunResult[] = [];
  const ttfb: Record<TargetId, TtfbResult[]> = {
    direct: [],
    trivial: [],
    switchboard: [],
    "switchboard-anthropic": [],
    "switchboard-gemini": [],
    "switchboard-messages": [],
  };

  for (let round = 0; round < options.rounds; round++) {
    for (const id of rotate(targetIds, round)) {
      const target = session.targets[id];
      const probe = await probeTtfb({ url: target.url, headers: requestHeaders(target), body: requestBody(target, "stream"), requests: options.ttfbRequests });
      ttfb[id].push(probe);
      log(`round ${round + 1}: TTFB ${id.padEnd(labelWidth)} p50 ${probe.p50Ms.toFixed(2)} ms, p99 ${probe.p99Ms.toFixed(2)} ms`);
    }
    for (const run of runs.filter((r) => r.round === round)) {
      const result = await measureRun(context, run, session.targets[run.target]);
      results.push(result);
      const cpu =
        result.gatewayCpuUsPerRequest === null
          ? ""
          : `, ${Math.round(result.gatewayCpuUsPerRequest)} µs CPU/req, peak ${Math.round(result.peakMemoryMiB ?? 0)} MiB`;
      log(
        `round ${round + 1}: ${run.cell.mode.padEnd(6)} c${String(run.cell.connections).padEnd(3)} ${run.target.padEnd(labelWidth)} ` +
          `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms${cpu}` +
          `; other load ${result.otherLoadCores.toFixed(2)} cores`,
      );
    }
  }
  return { cells, results, ttfb };
}

/** Discarded load on every target and mode: JIT, the key cache and connection pools settle first. */
async function warmUp(root: string, session: Session, options: BenchOptions, log: Log): Promise<void> {
  log(`warming up (${options.warmupSeconds} s per target and mode) ...`);
  for (const id of targetIds) {
    const target = session.targets[id];
    for (const mode of options.modes) {
      const load = await runLoad(root, {
        url: target.url,
        headers: requestHeaders(target),
        body: requestBody(target, mode),
        connections: 16,
        durationSeconds: options.warmupSeconds,
      });
      if (load.non2xx > 0 || load.errors > 0 || load.requests === 0) {
        throw new HarnessError(`warm-up of ${id} (${mode}): ${load.non2xx} non-2xx and ${load.errors} errors out of ${load.requests}`);
      }
    }
  }
}
