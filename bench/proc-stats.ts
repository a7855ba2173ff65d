// CPU time and peak memory of other processes, read from Linux's /proc.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/** The unit of utime/stime in /proc/<pid>/stat (`getconf CLK_TCK`, 100 on common Linux builds). */
export const clockTicksPerSecond = readClockTicks();

function readClockTicks(): number {
  const value = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim());
  return Number.isInteger(value) && value > 0 ? value : 100;
}

interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // Gone between listing and reading.
  }
  // comm may contain spaces and parentheses, so split at the last ")".
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return {
    pid,
    comm: text.slice(open + 1, close),
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** Direct children of `parentPid` whose command name is `comm`. */
export function childPidsNamed(parentPid: number, comm: string): number[] {
  return allStats()
    .filter((stat) => stat.ppid === parentPid && stat.comm === comm)
    .map((stat) => stat.pid);
}

/** The given processes and all their descendants. */
export function withDescendants(rootPids: readonly number[]): number[] {
  const stats = allStats();
  const found = new Set(rootPids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of stats) {
      if (!found.has(stat.pid) && found.has(stat.ppid)) {
        found.add(stat.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** Total user + system CPU of the processes, in microseconds. */
export function cpuMicros(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1_000_000) / clockTicksPerSecond;
}

function statusKiB(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of the processes' peak resident set sizes (VmHWM), in MiB. */
export function peakMemoryMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) kib += statusKiB(pid, "VmHWM");
  return kib / 1024;
}

/**
 * Resets VmHWM to the current RSS (`echo 5 > clear_refs`, Linux 4.0+), so the next read is the
 * peak of what happened since. Returns false where the kernel refuses; the peak is then lifetime.
 */
export function resetPeakMemory(pids: readonly number[]): boolean {
  let ok = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      ok = false;
    }
  }
  return ok;
}

export interface MachineCpu {
  /**
   * CPU time used on all cores (user, nice, system), in microseconds. Interrupt and softirq time is
   * left out: loopback networking for the bench's own traffic lands there, charged to no process.
   */
  readonly busyMicros: number;
  /** Time the hypervisor gave this VM's cores to someone else, in microseconds. */
  readonly stealMicros: number;
}

/** Machine-wide CPU counters from the first line of /proc/stat. */
export function machineCpu(): MachineCpu {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields;
  const toMicros = (ticks: number): number => (ticks * 1_000_000) / clockTicksPerSecond;
  return { busyMicros: toMicros(user + nice + system), stealMicros: toMicros(steal) };
}

/** CPU of this process's children that have exited and been waited for (cutime + cstime), in microseconds. */
export function reapedChildrenCpuMicros(): number {
  const text = readFileSync("/proc/self/stat", "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3: cutime is field 16, cstime 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1_000_000) / clockTicksPerSecond;
}
