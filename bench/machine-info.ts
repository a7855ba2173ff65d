import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly workerd: string;
  readonly miniflare: string;
  readonly autocannon: string;
  /** 1-minute load average when the run started: how busy the shared machine already was. */
  readonly loadAverageAtStart: number;
}

export interface Revision {
  /** Short commit, plus "+ uncommitted changes" when the work tree differs from it. */
  readonly commit: string;
}

export function machineInfo(root: string): MachineInfo {
  const cpuinfo = safeRead("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "unknown";
  return {
    cpuModel: model.trim(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    workerd: run(join(root, "node_modules", ".bin", "workerd"), ["--version"], root) || "unknown",
    miniflare: packageVersion(root, "miniflare"),
    autocannon: packageVersion(root, "autocannon"),
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function revision(root: string): Revision {
  const commit = run("git", ["rev-parse", "--short", "HEAD"], root) || "unknown";
  const dirty = run("git", ["status", "--porcelain"], root) !== "";
  return { commit: dirty ? `${commit} + uncommitted changes` : commit };
}

function packageVersion(root: string, name: string): string {
  const parsed: unknown = JSON.parse(safeRead(join(root, "node_modules", name, "package.json")) || "{}");
  const version: unknown = Reflect.get(Object(parsed), "version");
  return typeof version === "string" ? version : "unknown";
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "";
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
