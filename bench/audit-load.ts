import { countsBetween, type LogCounts, readCounts } from "./audit-log-probe";
import { type AuditRig, type AuditVariant, auditVariants, benchTenant } from "./audit-rig";
import { type LimitsProbe, probeLimits } from "./limits-probe";
import { HarnessError, measureRun, type RunContext, type RunResult } from "./measure-run";
import { type Cell, rotate } from "./schedule";
import { warmUp } from "./warm-up";

export const auditCells: readonly Cell[] = [
  { mode: "plain", connections: 1 },
  { mode: "plain", connections: 16 },
  { mode: "stream", connections: 16 },
];

/** Sequential plain calls per variant and round, timed at µs resolution (autocannon's are whole ms). */
export const sequentialProbeRequests = 200;

export interface AuditRun {
  readonly variant: AuditVariant;
  readonly result: RunResult;
  /** What the `on` gateway's AuditLog did during the run (and the moment after, for the last batch); null for `off`. */
  readonly counts: LogCounts | null;
}

export interface AuditProbe {
  readonly round: number;
  readonly variant: AuditVariant;
  readonly probe: LimitsProbe;
}

export interface LoadPhase {
  readonly runs: AuditRun[];
  readonly probes: AuditProbe[];
}

/** The last records of a run wait up to 20 ms for their batch, then its `append`; counts are read after this. */
const settleMs = 300;

export interface LoadOptions {
  readonly root: string;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/**
 * Warms both gateways up, then per round: a sequential probe of each variant, and each cell's runs
 * with the variants' order rotating by round and cell, reading the `on` log's counts around its runs.
 */
export async function runLoadPhase(rig: AuditRig, options: LoadOptions, log: (line: string) => void): Promise<LoadPhase> {
  log(`warming up (${options.warmupSeconds} s per variant and mode) ...`);
  await warmUp(options.root, rig.targets, auditVariants, options.warmupSeconds);
  const context: RunContext = { root: options.root, simulatorPid: rig.simulator.pid, ownPids: rig.ownPids, durationSeconds: options.durationSeconds };
  const runs: AuditRun[] = [];
  const probes: AuditProbe[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const variant of rotate(auditVariants, round)) {
      const probe = await probeLimits(rig.targets[variant], sequentialProbeRequests, 1);
      if (probe.non200 > 0) throw new HarnessError(`${variant} probe: ${probe.non200} answers were not 200`);
      probes.push({ round, variant, probe });
      log(`round ${round + 1}: probe ${variant.padEnd(3)} latency p50 ${probe.latencyP50Ms.toFixed(2)} ms, ${Math.round(probe.cpuUsPerRequest)} µs CPU/req`);
    }
    for (const [index, cell] of auditCells.entries()) {
      for (const variant of rotate(auditVariants, round + index)) {
        const before = variant === "on" ? await readCounts(rig.gateways.on.miniflare, benchTenant) : null;
        const result = await measureRun(context, { round, cell, target: "switchboard" }, rig.targets[variant]).catch((error: unknown) => {
          throw new HarnessError(`${variant}: ${error instanceof Error ? error.message : String(error)}`);
        });
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        const counts = before === null ? null : countsBetween(before, await readCounts(rig.gateways.on.miniflare, benchTenant));
        runs.push({ variant, result, counts });
        const handedOver = counts === null ? "" : `, ${counts.appends} appends for ${counts.records} records`;
        log(
          `round ${round + 1}: ${cell.mode.padEnd(6)} c${String(cell.connections).padEnd(2)} ${variant.padEnd(3)} ${Math.round(result.requestsPerSecond)} req/s, ` +
            `p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${Math.round(result.gatewayCpuUsPerRequest ?? Number.NaN)} µs CPU/req` +
            `${handedOver}; other load ${result.otherLoadCores.toFixed(2)} cores`,
        );
      }
    }
  }
  return { runs, probes };
}
