import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { buildWorker, type WorkerBundle } from "./build-worker";
import { readProductionOptions } from "./production-options";
import { type SimulatorChild, startSimulatorChild } from "./simulator-child";
import { benchGatewayConfig, providerKeySecret, seedAppKey } from "./switchboard-setup";
import { sessionTargets } from "./session-targets";
import type { Target, TargetId } from "./targets";
import { type HostedWorker, type HostedWorkerOptions, hostWorker } from "./worker-host";

/** Everything a bench run talks to, started once and stopped once. */
export interface Session {
  readonly bundle: WorkerBundle;
  readonly simulator: SimulatorChild;
  readonly workers: Readonly<Record<"trivial" | "switchboard", HostedWorker>>;
  readonly targets: Readonly<Record<TargetId, Target>>;
  readonly bindingNames: readonly string[];
  /** Every long-running process the session started: both workerd and the simulator. */
  readonly ownPids: readonly number[];
  /** The options the trivial Worker runs with, for other floor-like Workers (building blocks). */
  readonly floorOptions: HostedWorkerOptions;
  close(): Promise<void>;
}

/**
 * Bundles the Worker, starts the simulator in its own process, then the trivial Worker and
 * Switchboard under Miniflare (one workerd each), and mints Switchboard's key. Switchboard serves
 * several targets (pass-through and translating routes) from its one process. What was started
 * is stopped again when a later step fails.
 */
export async function openSession(
  root: string,
  options: { readonly inspect?: boolean; readonly streamIdleMs?: number | null } = {},
): Promise<Session> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const [bundle, production] = await Promise.all([
      buildWorker(root, join(root, "bench", ".build")),
      readProductionOptions(join(root, "wrangler.toml")),
    ]);
    const simulatorKey = `sim-bench-${randomBytes(8).toString("hex")}`;
    const simulator = await startSimulatorChild(root, simulatorKey);
    cleanups.push(simulator.stop);
    const chatUrl = `${simulator.baseUrl}/chat/completions`;

    const floorOptions: HostedWorkerOptions = {
      ...production.runtime,
      bindings: { UPSTREAM_URL: chatUrl, UPSTREAM_API_KEY: simulatorKey },
    };
    const trivial = await hostWorker(join(root, "bench", "trivial-worker.js"), floorOptions, options.inspect);
    cleanups.push(() => trivial.miniflare.dispose());

    const switchboard = await hostWorker(bundle.scriptPath, {
      ...production.bindings,
      bindings: {
        ...production.bindings.bindings,
        SWITCHBOARD_CONFIG: JSON.stringify(benchGatewayConfig(simulator.origin, options.streamIdleMs ?? null)),
        [providerKeySecret]: simulatorKey,
      },
    }, options.inspect);
    cleanups.push(() => switchboard.miniflare.dispose());
    const appKey = await seedAppKey(switchboard.miniflare);

    return {
      bundle,
      simulator,
      workers: { trivial, switchboard },
      targets: sessionTargets({
        chatUrl,
        simulatorKey,
        trivial: { origin: trivial.url, pids: trivial.pids },
        switchboard: { origin: switchboard.url, pids: switchboard.pids, appKey },
      }),
      bindingNames: production.bindingNames,
      ownPids: [...trivial.pids, ...switchboard.pids, simulator.pid],
      floorOptions,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
