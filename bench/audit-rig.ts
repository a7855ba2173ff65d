import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { WorkerOptions } from "miniflare";
import { buildAuditOffWorker } from "./audit-variant";
import { buildWorker, type WorkerBundle } from "./build-worker";
import { type ProductionOptions, readProductionOptions } from "./production-options";
import { Cleanups } from "./rig-cleanup";
import { type SimulatorChild, startSimulatorChild } from "./simulator-child";
import { hostSwitchboard, switchboardTarget } from "./switchboard-host";
import { seedAppKey } from "./switchboard-setup";
import type { Target } from "./targets";
import { type HostedWorker, hostWorker } from "./worker-host";

/** `on`: the Worker as deployed. `off`: the same bundle but for `auditRequest`, a no-op (audit-variant.ts). */
export const auditVariants = ["on", "off"] as const;
export type AuditVariant = (typeof auditVariants)[number];

/** The tenant of the key both gateways are called with (`seedAppKey`'s default): a tenant without a policy, so the default audit settings. */
export const benchTenant = "bench";

/** Bench modules copied beside each bundle: the entries import `./index.js`. */
const entryModules = ["audit-counting-log.js", "audit-gateway-entry.js", "audit-driver-entry.js"] as const;
const esModules: WorkerOptions["modulesRules"] = [{ type: "ESModule", include: ["**/*.js"] }];

/**
 * Where the workerd instances keep their storage: a RAM disk where there is one. On this machine's
 * disk, every durable SQLite commit waits for the disk (an `append` took ~3 ms, mostly waiting, and
 * blocked workerd's one thread, the gateway's requests included); production's durability is
 * replicated storage, which no local setup reproduces. The cost measured is then the work itself.
 */
export const storageParent = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

export interface AuditRig {
  readonly bundles: Readonly<Record<AuditVariant, WorkerBundle>>;
  readonly production: ProductionOptions;
  readonly simulator: SimulatorChild;
  readonly gateways: Readonly<Record<AuditVariant, HostedWorker>>;
  readonly targets: Readonly<Record<AuditVariant, Target>>;
  /** Every long-running process started so far: both workerd and the simulator (and the driver's workerd once opened). */
  readonly ownPids: number[];
  /** A third workerd running the `on` bundle's Durable Objects under the capacity driver (audit-driver-entry.js). */
  openDriver(): Promise<HostedWorker>;
  /** Stops everything started; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Bundles the Worker twice, `on` as a deploy would and `off` with the no-op hand-over, starts the
 * zero-latency simulator in its own process and each bundle in its own workerd under the Miniflare
 * API (wrangler.toml's bindings, so AUDIT_LOG and AUDIT_BUCKET too, and the bench's gateway config),
 * each through an entry that counts what its AuditLog does, and seeds one key into each.
 */
export async function openAuditRig(root: string, log: (line: string) => void): Promise<AuditRig> {
  const cleanups = new Cleanups();
  try {
    const work = cleanups.temporaryDir("switchboard-audit-");
    const storage = (name: string): string => join(cleanups.temporaryDir("switchboard-audit-storage-", storageParent), name);
    const dirs = { on: join(work, "on"), off: join(work, "off"), variant: join(work, "variant") };
    for (const dir of Object.values(dirs)) mkdirSync(dir);
    log('bundling the Worker twice (wrangler deploy --dry-run; "off" with the no-op hand-over) ...');
    const [on, off, production] = await Promise.all([
      buildWorker(root, dirs.on),
      buildAuditOffWorker(root, dirs.off, dirs.variant),
      readProductionOptions(join(root, "wrangler.toml")),
    ]);
    checkBindings(production);
    if (readFileSync(on.scriptPath).equals(readFileSync(off.scriptPath))) {
      throw new Error('the "off" bundle is the same as the "on" bundle: the hand-over module was not replaced');
    }
    for (const bundle of [on, off]) {
      for (const name of entryModules) copyFileSync(join(root, "bench", name), join(dirname(bundle.scriptPath), name));
    }

    const simulatorKey = `sim-audit-${randomBytes(8).toString("hex")}`;
    const simulator = await startSimulatorChild(root, simulatorKey);
    cleanups.add(simulator.stop);
    const host = async (bundle: WorkerBundle): Promise<HostedWorker> => {
      const entry = join(dirname(bundle.scriptPath), "audit-gateway-entry.js");
      const gateway = await hostSwitchboard(entry, production, { origin: simulator.origin, key: simulatorKey }, { modulesRules: esModules, storageRoot: storage("gateway") });
      cleanups.add(() => gateway.miniflare.dispose());
      return gateway;
    };
    const gateways = { on: await host(on), off: await host(off) };
    const targets = {
      on: switchboardTarget(gateways.on, await seedAppKey(gateways.on.miniflare)),
      off: switchboardTarget(gateways.off, await seedAppKey(gateways.off.miniflare)),
    };
    log(
      `bundles ${Math.round(on.rawBytes / 1024)} KiB (on) and ${Math.round(off.rawBytes / 1024)} KiB (off); ` +
        `workerd up in ${Math.round(gateways.on.startupMs)} and ${Math.round(gateways.off.startupMs)} ms; simulator at ${simulator.origin}`,
    );
    const ownPids = [...gateways.on.pids, ...gateways.off.pids, simulator.pid];
    const openDriver = async (): Promise<HostedWorker> => {
      const driver = await hostWorker(
        join(dirname(on.scriptPath), "audit-driver-entry.js"),
        { ...production.bindings, modulesRoot: dirname(on.scriptPath), modulesRules: esModules },
        false,
        storage("driver"),
      );
      cleanups.add(() => driver.miniflare.dispose());
      ownPids.push(...driver.pids);
      return driver;
    };
    return { bundles: { on, off }, production, simulator, gateways, targets, ownPids, openDriver, close: cleanups.close };
  } catch (error) {
    await cleanups.close();
    throw error;
  }
}

function checkBindings(production: ProductionOptions): void {
  for (const binding of ["AUDIT_LOG (durableObjects)", "AUDIT_BUCKET (r2Buckets)"]) {
    if (!production.bindingNames.includes(binding)) throw new Error(`wrangler.toml does not bind ${binding}: nothing to measure`);
  }
}
