import { spawn } from "node:child_process";
import { join } from "node:path";

export interface LoadSpec {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  /** autocannon's mean of its per-second request counts. */
  readonly requestsPerSecond: number;
  /** Responses completed during the run (2xx and not). */
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMeanMs: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses by status code, as autocannon counted them ("200": 5061, ...). */
  readonly statusCodes: Readonly<Record<string, number>>;
}

/**
 * One closed-loop run of autocannon in its own process (keep-alive is its default), parsed from
 * its `--json` output. Its latencies have a resolution of 1 ms.
 */
export async function runLoad(root: string, spec: LoadSpec): Promise<LoadResult> {
  const args = ["--json", "-c", String(spec.connections), "-d", String(spec.durationSeconds), "-m", "POST"];
  for (const [name, value] of Object.entries(spec.headers)) args.push("-H", `${name}=${value}`);
  args.push("-b", spec.body, spec.url);
  const stdout = await run(join(root, "node_modules", ".bin", "autocannon"), args);
  const last = stdout.trim().split("\n").pop() ?? "";
  return parseAutocannon(JSON.parse(last));
}

function parseAutocannon(json: unknown): LoadResult {
  const requests = field(json, "requests");
  const latency = field(json, "latency");
  return {
    requestsPerSecond: numberAt(requests, "mean"),
    requests: numberAt(requests, "total"),
    latencyP50Ms: numberAt(latency, "p50"),
    latencyP99Ms: numberAt(latency, "p99"),
    latencyMeanMs: numberAt(latency, "mean"),
    non2xx: numberAt(json, "non2xx"),
    errors: numberAt(json, "errors") + numberAt(json, "timeouts"),
    statusCodes: statusCodesOf(json),
  };
}

function statusCodesOf(json: unknown): Record<string, number> {
  const stats = typeof json === "object" && json !== null ? Reflect.get(json, "statusCodeStats") : undefined;
  if (typeof stats !== "object" || stats === null) return {};
  return Object.fromEntries(Object.entries(stats).map(([status, entry]) => [status, numberAt(entry, "count")]));
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) throw new Error(`autocannon output lacks "${name}"`);
  return Reflect.get(value, name);
}

function numberAt(value: unknown, name: string): number {
  const found = field(value, name);
  if (typeof found !== "number" || !Number.isFinite(found)) throw new Error(`autocannon output: "${name}" is not a number`);
  return found;
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`autocannon failed (exit ${code}): ${stderr}`))));
  });
}
