// `npm start`: the provider simulator and the gateway under `wrangler dev`, with local KV/DO/R2 in
// .wrangler/state, a seeded dev key, and the dev config (or SWITCHBOARD_CONFIG) pointing at the simulator.
import { type ChildProcess, spawn } from "node:child_process";
import { join, relative, resolve } from "node:path";
import { readyBanner } from "./lib/banner";
import { describeConfigProblems, loadConfigFile } from "./lib/config-file";
import { defaultDevAdminKey, defaultDevKey, devKeyRecord } from "./lib/dev-key";
import { putKeyRecord } from "./lib/key-records";
import { assertPortFree, parsePort } from "./lib/ports";
import { waitForGateway } from "./lib/wait-for-gateway";
import { type RunningSimulator, startSimulator } from "./simulator/server";

const root = resolve(import.meta.dirname, "..");
const host = "127.0.0.1";
const persistTo = ".wrangler/state";
const simulatorProviderKey = "sim-dev-provider-key";
const wranglerBin = join(root, "node_modules", ".bin", "wrangler");

let simulator: RunningSimulator | null = null;
let wrangler: ChildProcess | null = null;
let stopping = false;

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT, 8787, "PORT");
  const simulatorPort = parsePort(process.env.SIMULATOR_PORT, 0, "SIMULATOR_PORT");
  const devKey = process.env.SWITCHBOARD_DEV_KEY ?? defaultDevKey;
  const devAdminKey = process.env.SWITCHBOARD_DEV_ADMIN_KEY ?? defaultDevAdminKey;
  const configPath = resolve(process.env.SWITCHBOARD_CONFIG ?? join(root, "config", "dev.json"));
  const shownConfigPath = relative(process.cwd(), configPath) || configPath;

  await assertPortFree(port, host, "Choose another with PORT=<port> npm start.");
  // Port 0 lets the OS pick a free port, so two copies on one machine never collide.
  simulator = await startSimulator({ port: simulatorPort, host, apiKey: simulatorProviderKey });

  const config = await loadConfigFile(configPath, { SIMULATOR_ORIGIN: simulator.origin });
  if (!config.ok) throw new StartupError(describeConfigProblems(shownConfigPath, config.problems));

  console.log("switchboard: seeding the dev key into local KV ...");
  await putKeyRecord(wranglerBin, root, devKey, devKeyRecord, { where: "local", persistTo });

  console.log(`switchboard: starting the gateway (wrangler dev) on ${host}:${port} ...`);
  wrangler = spawn(
    wranglerBin,
    [
      "dev", "--local", "--ip", host, "--port", String(port), "--persist-to", persistTo,
      "--show-interactive-dev-session=false",
      "--var", `SWITCHBOARD_CONFIG:${config.json}`,
      "--var", `SIMULATOR_API_KEY:${simulatorProviderKey}`,
      "--var", `ADMIN_BOOTSTRAP_KEY:${devAdminKey}`,
    ],
    // Its own process group, so stopping it also stops the workerd processes it started.
    { cwd: root, stdio: ["ignore", "inherit", "inherit"], detached: true, env: process.env },
  );
  wrangler.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`switchboard: wrangler dev stopped unexpectedly (${code ?? signal}).`);
      void stop(1);
    }
  });

  const url = `http://${host}:${port}`;
  await waitForGateway(url, wrangler, 90_000);
  console.log(readyBanner(url, devKey, devAdminKey, simulator.origin, shownConfigPath, config.modelNames));
}

class StartupError extends Error {}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const child = wrangler;
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
    const forced = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(forced);
  }
  await simulator?.close();
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.log("\nswitchboard: stopping ...");
    void stop(0);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : `switchboard: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
