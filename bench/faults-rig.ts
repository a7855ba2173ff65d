import { Cleanups } from "./rig-cleanup";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { type RunningSimulator, startSimulator } from "../scripts/simulator/server";
import { buildWorker, type WorkerBundle } from "./build-worker";
import { faultGatewayConfig, simulatedProviders } from "./faults-config";
import { type ProductionOptions, readProductionOptions } from "./production-options";
import { providerKeySecret, seedAppKey } from "./switchboard-setup";
import { type HostedWorker, hostWorker } from "./worker-host";

/** One gateway (its own workerd) with its two keys. */
export interface Gateway {
  readonly hosted: HostedWorker;
  readonly keys: { readonly app: string; readonly euPinned: string };
  dispose(): Promise<void>;
}

/** What a fault run talks to: the bundled Worker, the simulator, and gateways started from them. */
export interface FaultRig {
  readonly bundle: WorkerBundle;
  readonly simulator: RunningSimulator;
  /**
   * A fresh gateway: circuit breakers and latency scores live in isolate memory, so a new workerd
   * is the only way a scenario does not inherit the previous one's.
   */
  startGateway(): Promise<Gateway>;
  /** Stops every gateway still running, the simulator, and removes the bundle; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Bundles the Worker into a temporary directory and starts the simulator in this process. Whatever
 * was started is stopped again when a later step fails.
 */
export async function openFaultRig(root: string, log: (line: string) => void): Promise<FaultRig> {
  const cleanups = new Cleanups();
  const gateways = new Set<Gateway>();
  // Gateways come and go during the run; they are disposed of before the simulator stops.
  const close = async (): Promise<void> => {
    for (const gateway of gateways) await gateway.dispose().catch(() => undefined);
    await cleanups.close();
  };
  try {
    const buildDir = cleanups.temporaryDir("switchboard-faults-");
    log("bundling the Worker (wrangler deploy --dry-run) ...");
    const [bundle, production] = await Promise.all([buildWorker(root, buildDir), readProductionOptions(join(root, "wrangler.toml"))]);

    const simulatorKey = `sim-faults-${randomBytes(8).toString("hex")}`;
    const simulator = await startSimulator({ providers: simulatedProviders(), apiKey: simulatorKey });
    cleanups.add(() => simulator.close());
    log(`bundle ${Math.round(bundle.rawBytes / 1024)} KiB; simulator at ${simulator.origin}`);

    const startGateway = async (): Promise<Gateway> => {
      const gateway = await hostGateway(bundle, production, simulator.origin, simulatorKey, () => gateways.delete(gateway));
      gateways.add(gateway);
      return gateway;
    };
    return { bundle, simulator, startGateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function hostGateway(
  bundle: WorkerBundle,
  production: ProductionOptions,
  simulatorOrigin: string,
  simulatorKey: string,
  onDispose: () => void,
): Promise<Gateway> {
  const hosted = await hostWorker(bundle.scriptPath, {
    ...production.bindings,
    // Module names are paths relative to this root; the default (the working directory) cannot reach a temp dir.
    modulesRoot: dirname(bundle.scriptPath),
    bindings: {
      ...production.bindings.bindings,
      SWITCHBOARD_CONFIG: JSON.stringify(faultGatewayConfig(simulatorOrigin)),
      [providerKeySecret]: simulatorKey,
    },
  });
  const dispose = async (): Promise<void> => {
    onDispose();
    await hosted.miniflare.dispose();
  };
  try {
    const keys = {
      app: await seedAppKey(hosted.miniflare, { keyId: "faults-key", tenantId: "faults" }),
      euPinned: await seedAppKey(hosted.miniflare, { keyId: "faults-eu-key", tenantId: "faults", jurisdiction: "eu" }),
    };
    return { hosted, keys, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
