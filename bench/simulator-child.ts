import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface SimulatorChild {
  readonly pid: number;
  readonly origin: string;
  /** The zero-latency OpenAI-format provider's API root: `<origin>/bench/v1`. */
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Starts `simulator-process.ts` in its own Node process and waits for the origin it prints. */
export async function startSimulatorChild(root: string, apiKey: string): Promise<SimulatorChild> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench", "simulator-process.ts"), apiKey], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await firstLine(child, 20_000).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw new Error(`simulator did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  });
  const parsed: unknown = JSON.parse(ready);
  if (!isReady(parsed) || child.pid === undefined) throw new Error(`unexpected simulator output: ${ready}`);
  return {
    pid: child.pid,
    origin: parsed.origin,
    baseUrl: parsed.baseUrl,
    stop: () => stopChild(child),
  };
}

function isReady(value: unknown): value is { origin: string; baseUrl: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof Reflect.get(value, "origin") === "string" &&
    typeof Reflect.get(value, "baseUrl") === "string"
  );
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("no stdout"));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms`)), timeoutMs);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal})`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(forced);
}
