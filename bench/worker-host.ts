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
  /** The last lines workerd wrote to stderr, for error messages. */
  readonly stderrTail: () => string;
  /** `http://host:port` of workerd's DevTools inspector, when started with `inspect`. */
  readonly inspectorOrigin: string | null;
}

export type HostedWorkerOptions = Omit<WorkerOptions, "script" | "scriptPath" | "modules">;

/**
 * Runs a bundled Worker under the Miniflare API, as both bench Workers do. `storageRoot` puts its
 * storage (Durable Objects, KV, R2) in that folder, which the caller removes, instead of Miniflare's
 * own temporary folder. Load goes to a direct
 * socket on the Worker, and outbound fetches go straight out, so Miniflare's own dev-time hops
 * (its entry worker, which logs and rewrites each request, and the worker that strips
 * CF-Connecting-IP from each subrequest) are not counted: production has neither.
 */
export async function hostWorker(scriptPath: string, worker: HostedWorkerOptions, inspect = false, storageRoot: string | null = null): Promise<HostedWorker> {
  const before = new Set(childPidsNamed(process.pid, "workerd"));
  let tail = "";
  // The Worker's console output (Switchboard's request log lines) is drained, not printed.
  const handleRuntimeStdio = (stdout: Readable, stderr: Readable): void => {
    stdout.resume();
    stderr.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  };

  const started = performance.now();
  const miniflare = new Miniflare({
    ...worker,
    scriptPath,
    modules: true,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    stripCfConnectingIp: false,
    host: "127.0.0.1",
    port: 0,
    cf: false,
    logRequests: false,
    handleRuntimeStdio,
    ...(inspect ? { inspectorPort: 0 } : {}),
    ...(storageRoot === null ? {} : { defaultPersistRoot: storageRoot }),
  });
  try {
    await miniflare.ready;
  } catch (error) {
    await miniflare.dispose().catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`workerd did not start ${scriptPath}: ${detail}\n${tail}`, { cause: error });
  }
  const startupMs = performance.now() - started;
  const url = await miniflare.unsafeGetDirectURL();
  const inspector = inspect ? await miniflare.getInspectorURL() : null;

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
    stderrTail: () => tail,
    inspectorOrigin: inspector ? `http://${inspector.host}` : null,
  };
}
