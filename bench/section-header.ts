import { num } from "./format";
import { type MachineInfo, machineInfo, revision } from "./machine-info";
import type { Spread } from "./stats";

/** What a bench section of bench/RESULTS.md says about its run, taken when the run starts. */
export interface RunHeader {
  readonly date: string;
  readonly commit: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly rounds: number;
  readonly durationSeconds: number;
}

export function runHeader(root: string, options: { readonly command: string; readonly rounds: number; readonly durationSeconds: number }): RunHeader {
  return {
    date: new Date().toISOString(),
    commit: revision(root).commit,
    command: options.command,
    machine: machineInfo(root),
    rounds: options.rounds,
    durationSeconds: options.durationSeconds,
  };
}

/** The bullet list under a section's heading: date, commit, command (with `detail`), machine, noise. */
export function headerLines(header: RunHeader, detail: string, wallSeconds: number, otherLoadCores: Spread): string[] {
  const m = header.machine;
  return [
    `- **date:** ${header.date}`,
    `- **commit:** ${header.commit}`,
    `- **command:** \`${header.command}\` (${detail}; wall time ${Math.round(wallSeconds)} s)`,
    `- **machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, load average ${m.loadAverageAtStart} at start; Node ${m.node}, ${m.workerd}, miniflare ${m.miniflare}, autocannon ${m.autocannon}`,
    `- **noise:** processes outside the bench used ${num(otherLoadCores.median, 2)} cores during the median run (${num(otherLoadCores.max, 2)} at most)`,
  ];
}
