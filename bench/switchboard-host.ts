import { dirname } from "node:path";
import type { WorkerOptions } from "miniflare";
import type { ProductionOptions } from "./production-options";
import { benchGatewayConfig, benchModel, benchProviders, providerKeySecret } from "./switchboard-setup";
import type { Target } from "./targets";
import { type HostedWorker, hostWorker } from "./worker-host";

/** Where the zero-latency simulator listens, and the provider key it expects. */
export interface SimulatorAccess {
  readonly origin: string;
  readonly key: string;
}

/**
 * A bundled Switchboard (or a bench entry module beside the bundle that re-exports it) under the
 * Miniflare API, with wrangler.toml's bindings, the bench's gateway config and the simulator's key.
 * `modulesRules` says how to load modules the entry imports (an entry that imports `./index.js`
 * needs `.js` read as ES modules); `inspect` opens workerd's DevTools inspector; `storageRoot` is
 * where its storage goes (worker-host.ts).
 */
export function hostSwitchboard(
  scriptPath: string,
  production: ProductionOptions,
  simulator: SimulatorAccess,
  options: { readonly modulesRules?: WorkerOptions["modulesRules"]; readonly inspect?: boolean; readonly storageRoot?: string } = {},
): Promise<HostedWorker> {
  return hostWorker(
    scriptPath,
    {
      ...production.bindings,
      // Module names are paths relative to this root; the default (the working directory) cannot reach a temp dir.
      modulesRoot: dirname(scriptPath),
      ...(options.modulesRules ? { modulesRules: options.modulesRules } : {}),
      bindings: {
        ...production.bindings.bindings,
        SWITCHBOARD_CONFIG: JSON.stringify(benchGatewayConfig(simulator.origin)),
        [providerKeySecret]: simulator.key,
      },
    },
    options.inspect,
    options.storageRoot ?? null,
  );
}

/** The main bench's Switchboard target (same route, model and body) on a hosted gateway, called with `key`. */
export function switchboardTarget(gateway: HostedWorker, key: string): Target {
  return {
    id: "switchboard",
    url: `${gateway.url}/v1/chat/completions`,
    clientFormat: "openai",
    model: benchModel,
    authHeaders: { authorization: `Bearer ${key}` },
    pids: gateway.pids,
    servedBy: benchProviders.openai,
  };
}
