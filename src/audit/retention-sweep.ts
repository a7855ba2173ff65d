import { loadConfig } from "../config/load-config";
import type { RuntimeConfig } from "../config/runtime-config";
import type { WorkerEnv } from "../env";
import type { TenantAudit } from "../schemas/audit-policy";
import { tenantPolicySchema } from "../schemas/limits";
import { tenantPolicyKey } from "../state/tenant-policy-key";
import { auditSettingsOf, resolveTenantPolicy } from "../state/tenant-policy-store";
import { auditObjectPrefix } from "./contract";
import { type AuditChain, auditLogName } from "./log-name";
import { chainOfFolder } from "./object-keys";
import type { RetentionResult } from "./retention-contract";

/** The daily trigger of the sweep (`[triggers] crons` in wrangler.toml): 03:17 UTC, off-peak and off the hour. */
export const auditRetentionCron = "17 3 * * *";

export const retentionSweepLimits = {
  /** Calls to one chain's log per sweep; each deletes at most `retentionLimits.batchesPerCall` batches. */
  callsPerChain: 20,
  /** Chains worked on at the same time. */
  chainsAtOnce: 4,
} as const;

const dayMs = 86_400_000;

type AuditLogNamespace = NonNullable<WorkerEnv["AUDIT_LOG"]>;

/** What the sweep did to one chain, summed over its calls: the `audit_retention` log line. */
interface ChainSummary {
  outcome: RetentionResult["outcome"];
  objects: number;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  records: number;
  leftovers: number;
  stoppedBy: RetentionResult["stoppedBy"];
  more: boolean;
}

/**
 * The daily retention sweep (docs/audit-retention.md): every chain R2 holds a folder of, under its
 * tenant's retention and legal hold as the policy says now, one `applyRetention` call (or a few, for a
 * backlog) to the chain's log. A chain that fails is logged and does not stop the others. When the
 * config cannot be read, nothing is deleted: a hold set in the config must never be missed.
 */
export async function sweepAuditRetention(env: WorkerEnv, now: number): Promise<void> {
  const bucket = env.AUDIT_BUCKET;
  const namespace = env.AUDIT_LOG;
  if (!bucket || !namespace) {
    console.warn(JSON.stringify({ level: "warn", event: "audit_retention_skipped", reason: "the AUDIT_BUCKET or AUDIT_LOG binding is not configured" }));
    return;
  }
  let config: RuntimeConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "audit_retention_skipped", reason: "config_invalid", detail: messageOf(error) }));
    return;
  }
  const pending = await everyChainInBucket(bucket);
  const worker = async (): Promise<void> => {
    for (let chain = pending.shift(); chain; chain = pending.shift()) await sweepChain(env.KEYS, namespace, config, chain, now);
  };
  await Promise.all(Array.from({ length: retentionSweepLimits.chainsAtOnce }, worker));
}

/** Every chain with a folder `audit/<segment>/`; folders no chain writes are skipped. */
async function everyChainInBucket(bucket: R2Bucket): Promise<AuditChain[]> {
  const chains: AuditChain[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: auditObjectPrefix, delimiter: "/", ...(cursor ? { cursor } : {}) });
    for (const folder of page.delimitedPrefixes) {
      const chain = chainOfFolder(auditObjectPrefix, folder);
      if (chain) chains.push(chain);
      else console.warn(JSON.stringify({ level: "warn", event: "audit_retention_skipped", folder, reason: "not a chain's folder" }));
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return chains;
}

async function sweepChain(kv: KVNamespace, namespace: AuditLogNamespace, config: RuntimeConfig, chain: AuditChain, now: number): Promise<void> {
  try {
    const settings = await retentionSettingsOf(kv, config, chain.tenantId);
    if (!settings) {
      console.error(JSON.stringify({ level: "error", event: "audit_retention_skipped", ...chain, reason: "the tenant's policy in KV is not valid" }));
      return;
    }
    const { retentionDays, legalHold } = settings;
    const cutoffMs = now - retentionDays * dayMs;
    const log = namespace.get(namespace.idFromName(auditLogName(chain.tenantId, chain.shard)));
    let summary: ChainSummary | null = null;
    for (let call = 0; call < retentionSweepLimits.callsPerChain; call++) {
      const result = await log.applyRetention(chain.tenantId, chain.shard, { cutoffMs, retentionDays, legalHold });
      summary = summarize(summary, result);
      if (!result.more) break;
    }
    const logged = { level: "info", event: "audit_retention", ...chain, retentionDays, legalHold, cutoff: new Date(cutoffMs).toISOString(), ...summary };
    console.log(JSON.stringify(logged));
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "audit_retention_failed", ...chain, detail: messageOf(error) }));
  }
}

/**
 * The tenant's retention and hold as its policy says now. A KV record that does not validate makes
 * the request path fall back to the config; retention instead deletes nothing (null), since the
 * record may be the one that sets a hold.
 */
async function retentionSettingsOf(kv: KVNamespace, config: RuntimeConfig, tenantId: string): Promise<TenantAudit | null> {
  const raw = await kv.get(tenantPolicyKey(tenantId), "json");
  if (raw !== null && !tenantPolicySchema.safeParse(raw).success) return null;
  return auditSettingsOf(await resolveTenantPolicy(kv, tenantId, config.tenants, config.limits.policyCacheTtlSeconds * 1000));
}

function summarize(sum: ChainSummary | null, result: RetentionResult): ChainSummary {
  const { outcome, objects, entries, firstSeq, lastSeq, recordSeq, leftovers, stoppedBy, more } = result;
  if (!sum) return { outcome, objects, entries, firstSeq, lastSeq, records: recordSeq === null ? 0 : 1, leftovers, stoppedBy, more };
  return {
    outcome: sum.outcome === "deleted" ? "deleted" : outcome,
    objects: sum.objects + objects,
    entries: sum.entries + entries,
    firstSeq: sum.firstSeq ?? firstSeq,
    lastSeq: lastSeq ?? sum.lastSeq,
    records: sum.records + (recordSeq === null ? 0 : 1),
    leftovers: sum.leftovers + leftovers,
    stoppedBy,
    more,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
