import { Miniflare, type WorkerOptions } from "miniflare";
import type { Readable } from "node:stream";
import { childPidsNamed, withDescendants } from "./proc-stats";

export interface HostedWorker {
  readonly url: string;
  readonly miniflare: Miniflare;
  /** The workerd process(es) serving this Worker: the gateway's own CPU and memory. */
  readonly pids: readonly number[];
  /** From `new Miniflare(...)` to `await mf.ready`. */
  readonly startupMs: number;
  /** Console lines the Worker wrote (its request logs), counted rather than printed. */
  readonly outputLines: () => number;
  /** The last lines workerd wrote to stderr, for error messages. */
  readonly stderrTail: () => string;
}

/**
 * Runs a bundled Worker under the Miniflare API, as both bench Workers do: same shared options,
 * no request logging by Miniflare's entry worker, no `request.cf` fetch, output drained quietly.
 */
export async function hostWorker(scriptPath: string, worker: Omit<WorkerOptions, "script" | "scriptPath" | "modules">): Promise<HostedWorker> {
  const before = new Set(childPidsNamed(process.pid, "workerd"));
  let lines = 0;
  let tail = "";
  const handleRuntimeStdio = (stdout: Readable, stderr: Readable): void => {
    stdout.on("data", (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) lines++;
    });
    stderr.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  };

  const started = performance.now();
  const miniflare = new Miniflare({
    ...worker,
    scriptPath,
    modules: true,
    host: "127.0.0.1",
    port: 0,
    cf: false,
    logRequests: false,
    handleRuntimeStdio,
  });
  const url = await miniflare.ready;
  const startupMs = performance.now() - started;

  const spawned = childPidsNamed(process.pid, "workerd").filter((pid) => !before.has(pid));
  if (spawned.length === 0) {
    await miniflare.dispose();
    throw new Error("could not find the workerd process Miniflare started (is /proc readable?)");
  }
  return {
    url: url.origin,
    miniflare,
    pids: withDescendants(spawned),
    startupMs,
    outputLines: () => lines,
    stderrTail: () => tail,
  };
}
