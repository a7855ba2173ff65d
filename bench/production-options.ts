import type { WorkerOptions } from "miniflare";

/** The parts of wrangler.toml a bench Worker must share with production. */
export interface ProductionOptions {
  /** Runtime settings (compatibility date and flags) that both bench Workers run with. */
  readonly runtime: Pick<WorkerOptions, "compatibilityDate" | "compatibilityFlags">;
  /** Switchboard's bindings as wrangler.toml declares them (KV, Analytics Engine, Durable Objects, ...). */
  readonly bindings: Omit<WorkerOptions, "script" | "scriptPath" | "modules" | "modulesRoot" | "modulesRules">;
  /** Names of the bindings, for the report. */
  readonly bindingNames: readonly string[];
}

/**
 * Reads wrangler.toml through wrangler's own translator to Miniflare options (the one
 * vitest-pool-workers uses), so bindings added to the toml later are benchmarked without
 * touching the harness.
 */
export async function readProductionOptions(wranglerTomlPath: string): Promise<ProductionOptions> {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions, externalWorkers } = unstable_getMiniflareWorkerOptions(wranglerTomlPath);
  if (externalWorkers.length > 0) {
    throw new Error("wrangler.toml binds other Workers (service bindings or external Durable Objects): the bench does not run those yet");
  }
  const { modulesRules: _rules, ...bindings } = workerOptions;
  return {
    runtime: { compatibilityDate: workerOptions.compatibilityDate, compatibilityFlags: workerOptions.compatibilityFlags },
    bindings,
    bindingNames: bindingNamesOf(bindings),
  };
}

const bindingKinds = [
  "bindings",
  "kvNamespaces",
  "durableObjects",
  "r2Buckets",
  "d1Databases",
  "queueProducers",
  "analyticsEngineDatasets",
  "serviceBindings",
  "ratelimits",
  "workflows",
] as const;

function bindingNamesOf(options: ProductionOptions["bindings"]): string[] {
  const names: string[] = [];
  for (const kind of bindingKinds) {
    const value: unknown = options[kind];
    if (Array.isArray(value)) names.push(...value.map((name) => `${String(name)} (${kind})`));
    else if (typeof value === "object" && value !== null) names.push(...Object.keys(value).map((name) => `${name} (${kind})`));
  }
  return names;
}
