import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Miniflare } from "miniflare";
import { type TenantPolicy, tenantPolicySchema } from "../src/schemas/limits";
import { tenantPolicyKey } from "../src/state/tenant-policy-key";
import { storageParent } from "./audit-rig";
import { buildWorker, type WorkerBundle } from "./build-worker";
import { readProductionOptions } from "./production-options";
import { Cleanups } from "./rig-cleanup";
import { type SimulatorChild, startSimulatorChild } from "./simulator-child";
import { hostSwitchboard, switchboardTarget } from "./switchboard-host";
import { seedAppKey } from "./switchboard-setup";
import type { Target } from "./targets";
import type { HostedWorker } from "./worker-host";

/**
 * The guardrail settings compared, one tenant each in the same Worker: `off`, a policy turning every
 * input rule and the output tool-call check off (the baseline); `defaults`, a tenant without a policy;
 * `strict`, injection phrases blocked, personal data masked in prompts and answers masked.
 */
export const guardrailVariants = ["off", "defaults", "strict"] as const;
export type GuardrailVariant = (typeof guardrailVariants)[number];

const allRulesOff = Object.fromEntries(
  ["instruction_override", "role_confusion", "hidden_unicode", "encoded_payload", "control_characters"].map((rule) => [rule, { mode: "off" }]),
);

/** The tenant policies as an operator would `PUT` them; null: no policy (the defaults). */
export const variantPolicies: Readonly<Record<GuardrailVariant, object | null>> = {
  off: { guardrails: { input: { rules: allRulesOff }, output: { toolCalls: "off" } } },
  defaults: null,
  strict: {
    guardrails: {
      input: { rules: { instruction_override: { mode: "block", blockAt: "high" } }, personalData: { mode: "redact" } },
      output: { redact: true },
    },
  },
};

export interface GuardrailsRig {
  readonly bundle: WorkerBundle;
  readonly simulator: SimulatorChild;
  readonly gateway: HostedWorker;
  /** Same Worker, route and model; another key, whose tenant has the variant's policy. */
  readonly targets: Readonly<Record<GuardrailVariant, Target>>;
  /** workerd and the simulator. */
  readonly ownPids: readonly number[];
  close(): Promise<void>;
}

/**
 * One bundle (`wrangler deploy --dry-run`), the zero-latency simulator in its own process, the
 * Worker in one workerd under the Miniflare API with wrangler.toml's bindings and the bench's
 * gateway config (its storage on a RAM disk, as the audit bench's, since every request is audited),
 * and one key per variant, its tenant's policy written to KV as `set-tenant-policy` would.
 */
export async function openGuardrailsRig(root: string, log: (line: string) => void): Promise<GuardrailsRig> {
  const cleanups = new Cleanups();
  try {
    const buildDir = cleanups.temporaryDir("switchboard-guardrails-");
    log("bundling the Worker (wrangler deploy --dry-run) ...");
    const [bundle, production] = await Promise.all([buildWorker(root, buildDir), readProductionOptions(join(root, "wrangler.toml"))]);
    const simulatorKey = `sim-guardrails-${randomBytes(8).toString("hex")}`;
    const simulator = await startSimulatorChild(root, simulatorKey);
    cleanups.add(simulator.stop);
    const storageRoot = cleanups.temporaryDir("switchboard-guardrails-storage-", storageParent);
    const gateway = await hostSwitchboard(bundle.scriptPath, production, { origin: simulator.origin, key: simulatorKey }, { storageRoot });
    cleanups.add(() => gateway.miniflare.dispose());
    log(`bundle ${Math.round(bundle.rawBytes / 1024)} KiB, built in ${(bundle.buildMs / 1000).toFixed(1)} s; workerd up in ${Math.round(gateway.startupMs)} ms; simulator at ${simulator.origin}`);

    const keyOf = async (variant: GuardrailVariant): Promise<string> => {
      const tenantId = `bench-guardrails-${variant}`;
      const policy = variantPolicies[variant];
      if (policy !== null) await seedPolicy(gateway.miniflare, tenantId, tenantPolicySchema.parse(policy));
      return seedAppKey(gateway.miniflare, { keyId: `${tenantId}-key`, tenantId });
    };
    const targets = {
      off: switchboardTarget(gateway, await keyOf("off")),
      defaults: switchboardTarget(gateway, await keyOf("defaults")),
      strict: switchboardTarget(gateway, await keyOf("strict")),
    };
    return { bundle, simulator, gateway, targets, ownPids: [...gateway.pids, simulator.pid], close: cleanups.close };
  } catch (error) {
    await cleanups.close();
    throw error;
  }
}

async function seedPolicy(miniflare: Miniflare, tenantId: string, policy: TenantPolicy): Promise<void> {
  await (await miniflare.getKVNamespace("KEYS")).put(tenantPolicyKey(tenantId), JSON.stringify(policy));
}
