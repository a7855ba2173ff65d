#!/usr/bin/env node
// Runs a command after making sure dependencies are installed, so `npm start`, `npm test` and
// `npm run check` work on a fresh clone. Plain Node on purpose: nothing else is installed yet.
//   node scripts/with-deps.mjs <node|local-bin> [args...]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lockfile = join(root, "package-lock.json");
const installedMarker = join(root, "node_modules", ".package-lock.json");
const requiredBins = ["wrangler", "vitest", "tsc"];

function dependenciesReady() {
  if (!existsSync(installedMarker)) return false;
  if (existsSync(lockfile) && statSync(lockfile).mtimeMs > statSync(installedMarker).mtimeMs) return false;
  return requiredBins.every((bin) => existsSync(join(root, "node_modules", ".bin", bin)));
}

if (!dependenciesReady()) {
  const command = existsSync(lockfile) ? "ci" : "install";
  console.error(`switchboard: installing dependencies (npm ${command}) ...`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, [command, "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`switchboard: 'npm ${command}' failed (exit ${result.status ?? result.signal}); see the output above.`);
    process.exit(1);
  }
}

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error("usage: node scripts/with-deps.mjs <node|local-bin> [args...]");
  process.exit(2);
}
const executable = name === "node" ? process.execPath : join(root, "node_modules", ".bin", name);
const env = {
  ...process.env,
  // wrangler would otherwise phone home for metrics, a request.cf sample and update checks.
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const child = spawn(executable, args, { cwd: root, stdio: "inherit", env });
// Ctrl-C reaches the whole foreground process group; the child decides how to stop, we wait for it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)));
