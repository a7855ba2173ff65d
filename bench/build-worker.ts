import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface WorkerBundle {
  readonly scriptPath: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly buildMs: number;
}

/**
 * Bundles the Worker exactly as a deploy would (`wrangler deploy --dry-run`), into `outDir`;
 * `extraArgs` go to wrangler as they are (another `--config`, for a bench variant).
 */
export async function buildWorker(root: string, outDir: string, extraArgs: readonly string[] = []): Promise<WorkerBundle> {
  const started = performance.now();
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  await run(wrangler, ["deploy", "--dry-run", "--outdir", outDir, ...extraArgs], root);
  const scriptPath = join(outDir, "index.js");
  const code = readFileSync(scriptPath);
  return {
    scriptPath,
    rawBytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    buildMs: performance.now() - started,
  };
}

function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler deploy --dry-run failed (exit ${code}):\n${output}`)),
    );
  });
}
