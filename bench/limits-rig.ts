import { Cleanups } from "./rig-cleanup";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Miniflare } from "miniflare";
import { type Limits, type TenantPolicy, tenantPolicySchema } from "../src/schemas/limits";
import { tenantPolicyKey } from "../src/state/tenant-policy-key";
import { buildWorker, type WorkerBundle } from "./build-worker";
import { readProductionOptions } from "./production-options";
import { type SimulatorChild, startSimulatorChild } from "./simulator-child";
import { hostSwitchboard, switchboardTarget } from "./switchboard-host";
import { seedAppKey } from "./switchboard-setup";
import type { Target } from "./targets";
import type { HostedWorker } from "./worker-host";

/**
 * The three ways a request meets the limiter: `off`, a tenant without a policy (no limiter call);
 * `tenant`, a tenant whose KV policy has limits (one `admit` round trip to the tenant's object);
 * `tenant+key`, the same plus the key's own limits (still one round trip to the tenant's object,
 * with two subjects to check and reserve).
 */
export const limitVariants = ["off", "tenant", "tenant+key"] as const;
export type LimitVariant = (typeof limitVariants)[number];

/**
 * Limits nothing in the bench comes near: each request reserves ~4 100 tokens (its prompt and the
 * default 4 096 output tokens), so even 2 000 req/s stays at half the token limit, the schema's maximum.
 * The bench's targets have no prices, so spend stays 0; the budget is there so its queries run.
 */
export const unreachableLimits: Limits = {
  requestsPerMinute: 10_000_000,
  tokensPerMinute: 1_000_000_000,
  spendPerDay: 1_000_000,
};

/** Each limited variant has its own tenant, hence its own object, so one's window never holds the other's traffic. */
const tenants: Record<LimitVariant, string> = { off: "bench-off", tenant: "bench-tenant", "tenant+key": "bench-tenant-key" };

export interface LimitsRig {
  readonly bundle: WorkerBundle;
  readonly simulator: SimulatorChild;
  readonly gateway: HostedWorker;
  /** One Switchboard target per variant: same Worker, same route, another key. */
  readonly targets: Readonly<Record<LimitVariant, Target>>;
  /** A new tenant with the `tenant` variant's policy, so an object whose sliding window is empty. */
  freshTenant(tenantId: string): Promise<Target>;
  /** Every long-running process started: workerd and the simulator. */
  readonly ownPids: readonly number[];
  /** Stops everything started; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Bundles the Worker as `npm run bench` does (into a temporary directory, so a concurrent
 * `npm run bench` keeps its own), starts the zero-latency simulator in its own process and the
 * Worker under the Miniflare API with wrangler.toml's bindings (KV, the RateLimiter Durable
 * Object, ...) and the bench's gateway config, then seeds one key per variant into the Worker's KV.
 * `inspect` opens workerd's DevTools inspector (for a CPU profile).
 */
export async function openLimitsRig(root: string, log: (line: string) => void, inspect = false): Promise<LimitsRig> {
  const cleanups = new Cleanups();
  const close = cleanups.close;
  try {
    const buildDir = cleanups.temporaryDir("switchboard-limits-");
    log("bundling the Worker (wrangler deploy --dry-run) ...");
    const [bundle, production] = await Promise.all([buildWorker(root, buildDir), readProductionOptions(join(root, "wrangler.toml"))]);

    const simulatorKey = `sim-limits-${randomBytes(8).toString("hex")}`;
    const simulator = await startSimulatorChild(root, simulatorKey);
    cleanups.add(simulator.stop);

    const gateway = await hostSwitchboard(bundle.scriptPath, production, { origin: simulator.origin, key: simulatorKey }, { inspect });
    cleanups.add(() => gateway.miniflare.dispose());
    if (!production.bindingNames.some((name) => name.startsWith("RATE_LIMITER "))) {
      throw new Error("wrangler.toml binds no RATE_LIMITER Durable Object: nothing to measure");
    }
    log(`bundle ${Math.round(bundle.rawBytes / 1024)} KiB; workerd up in ${Math.round(gateway.startupMs)} ms; simulator at ${simulator.origin}`);

    const keys = await seedVariants(gateway.miniflare);
    // Typed as the main bench's Switchboard target, which it is: same Worker, route, model and body.
    const target = (key: string): Target => switchboardTarget(gateway, key);
    const freshTenant = async (tenantId: string): Promise<Target> => {
      await seedPolicy(gateway.miniflare, tenantId);
      return target(await seedAppKey(gateway.miniflare, { keyId: `${tenantId}-key`, tenantId }));
    };
    return {
      bundle,
      simulator,
      gateway,
      targets: { off: target(keys.off), tenant: target(keys.tenant), "tenant+key": target(keys["tenant+key"]) },
      freshTenant,
      ownPids: [...gateway.pids, simulator.pid],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The tenant's policy record in the Worker's KV, as `npm run set-tenant-policy` writes it. */
async function seedPolicy(miniflare: Miniflare, tenantId: string): Promise<void> {
  const policy: TenantPolicy = tenantPolicySchema.parse({ limits: unreachableLimits, failMode: "closed" });
  await (await miniflare.getKVNamespace("KEYS")).put(tenantPolicyKey(tenantId), JSON.stringify(policy));
}

async function seedVariants(miniflare: Miniflare): Promise<Record<LimitVariant, string>> {
  for (const variant of ["tenant", "tenant+key"] as const) await seedPolicy(miniflare, tenants[variant]);
  return {
    off: await seedAppKey(miniflare, { keyId: "bench-off-key", tenantId: tenants.off }),
    tenant: await seedAppKey(miniflare, { keyId: "bench-tenant-key", tenantId: tenants.tenant }),
    "tenant+key": await seedAppKey(miniflare, { keyId: "bench-limited-key", tenantId: tenants["tenant+key"], limits: unreachableLimits }),
  };
}
