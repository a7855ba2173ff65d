import type { WorkerEnv } from "../env";
import type { RequestRecord } from "../observability/request-record";
import { IsolateBatches } from "../state/isolate-batches";
import { auditSettingsOf, resolveTenantPolicy } from "../state/tenant-policy-store";
import type { RequestOutcome } from "../observability/request-log";
import { type AuditContent, auditContentOf } from "./audit-content";
import { auditRecordOf } from "./build-record";
import type { AuditContext } from "./exchange";
import { pickShard, type TenantPolicies } from "./audit-shards";
import { type AuditChain, auditLogName } from "./log-name";
import { spillKey } from "./object-keys";
import { gatewayAuditTenant } from "./record";

/** How long a record may wait for others of the same tenant, so one call to its log carries many. */
export const auditDelayMs = 20;

/** Where tenant policies come from, and how much content a record keeps, for the batch's records. */
export interface PolicySource extends TenantPolicies {
  readonly contentLimitBytes: number;
}

/** A finished request waiting for its batch; its record is built when the batch leaves, after the answer. */
interface PendingRecord {
  readonly record: RequestRecord;
  readonly outcome: RequestOutcome;
  readonly policies: PolicySource | null;
}

const unresolved: AuditContext = { mode: "metadata", policyVersion: "none", contentLimitBytes: 0 };

/** What a batch needs of its tenant's policy: the audit context of records refused before theirs was resolved, and the shard count. */
interface BatchSettings {
  readonly fallback: AuditContext;
  readonly shards: number;
}

/**
 * Resolves the tenant's policy once per batch, from the isolate's cache: for requests refused before
 * routing (authentication, validation), whose mode and policy version were never read, and for the
 * number of logs the trail is spread over. A policy that cannot be read gives `metadata` and one log.
 */
async function batchSettings(env: WorkerEnv, tenantId: string, pending: readonly PendingRecord[]): Promise<BatchSettings> {
  const policies = pending.find((item) => item.policies !== null)?.policies;
  if (tenantId === gatewayAuditTenant || !policies) return { fallback: unresolved, shards: 1 };
  try {
    const resolved = await resolveTenantPolicy(env.KEYS, tenantId, policies.tenants, policies.ttlMs);
    const audit = auditSettingsOf(resolved);
    return { fallback: { mode: audit.mode, policyVersion: resolved.version, contentLimitBytes: policies.contentLimitBytes }, shards: audit.shards };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_policy_unknown", tenantId, detail }));
    return { fallback: unresolved, shards: 1 };
  }
}

/** The content section, or, if building it fails, one that says so by keeping nothing: the record itself is never dropped. */
async function contentOf(item: PendingRecord, context: AuditContext): Promise<AuditContent> {
  try {
    return await auditContentOf(item.record.exchange, context);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "audit_content_failed", requestId: item.record.requestId, detail }));
    return { mode: context.mode, requestSha256: null, responseSha256: null, request: null, response: null, truncated: false, redactions: null };
  }
}

/** Builds and serializes one record, after its answer (a stream's copy is awaited here); a record that cannot be built is logged as lost. */
async function serialize(item: PendingRecord, fallback: AuditContext): Promise<{ requestId: string; json: string } | null> {
  const context = item.record.audit ?? fallback;
  try {
    const content = await contentOf(item, context);
    return { requestId: item.record.requestId, json: JSON.stringify(auditRecordOf(item.record, item.outcome, context.policyVersion, content)) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "audit_record_lost", requestId: item.record.requestId, tenantId: item.record.tenantId, detail }));
    return null;
  }
}

/**
 * Hands a batch to one `AuditLog` of the tenant's (a random shard of the `audit.shards` its policy
 * says, `audit-shards.ts`), whose answer is the acknowledgement: the records are stored and chained.
 * When the object cannot be reached, each record is written to R2 alone under that shard's spill
 * prefix, where the object merges it into its chain later. Only when R2 fails too is a record
 * lost, and then it is logged as lost, by request id: never silently.
 */
async function sendAuditBatch(env: WorkerEnv, tenantId: string, pending: readonly PendingRecord[], ownerRequestId: string): Promise<void> {
  const settings = await batchSettings(env, tenantId, pending);
  const built = await Promise.all(pending.map((item) => serialize(item, settings.fallback)));
  const batch = built.filter((entry) => entry !== null);
  if (batch.length === 0) return;
  const chain: AuditChain = { tenantId, shard: pickShard(settings.shards) };
  try {
    const namespace = env.AUDIT_LOG;
    if (!namespace) throw new Error("the AUDIT_LOG binding is not configured");
    await namespace.get(namespace.idFromName(auditLogName(tenantId, chain.shard))).append(tenantId, chain.shard, batch.map((entry) => entry.json));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_spilled", requestId: ownerRequestId, ...chain, records: batch.length, detail }));
    await Promise.all(batch.map((entry) => spill(env, chain, entry)));
  }
}

async function spill(env: WorkerEnv, chain: AuditChain, entry: { readonly requestId: string; readonly json: string }): Promise<void> {
  try {
    const bucket = env.AUDIT_BUCKET;
    if (!bucket) throw new Error("the AUDIT_BUCKET binding is not configured");
    await bucket.put(spillKey(chain, entry.requestId), entry.json, { httpMetadata: { contentType: "application/json" } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "audit_record_lost", requestId: entry.requestId, ...chain, detail }));
  }
}

export const isolateAuditBatches = new IsolateBatches<PendingRecord>(auditDelayMs, sendAuditBatch);

/**
 * Audits a finished request: its record joins this isolate's batch for its tenant (requests that
 * never reached a tenant go to the gateway's own trail). Returns the work to keep alive with
 * `waitUntil` when this request opened the batch.
 */
export function auditRequest(
  env: WorkerEnv,
  record: RequestRecord,
  outcome: RequestOutcome,
  policies: PolicySource | null,
  batches: IsolateBatches<PendingRecord> = isolateAuditBatches,
): Promise<void> | null {
  const tenantId = record.tenantId ?? gatewayAuditTenant;
  return batches.add(env, tenantId, { record, outcome, policies }, record.requestId);
}
