import type { WorkerEnv } from "../env";
import type { RequestRecord } from "../observability/request-record";
import { IsolateBatches } from "../state/isolate-batches";
import type { RequestOutcome } from "../observability/request-log";
import { auditRecordOf } from "./build-record";
import { auditSpillPrefix } from "./contract";
import { auditLogName } from "./log-name";
import { gatewayAuditTenant } from "./record";

/** How long a record may wait for others of the same tenant, so one call to its log carries many. */
export const auditDelayMs = 20;

/** A finished request waiting for its batch; its record is built when the batch leaves, after the answer. */
interface PendingRecord {
  readonly record: RequestRecord;
  readonly outcome: RequestOutcome;
}

/** Where a record waits in R2 when its tenant's log could not take it; the tenant is encoded, so one tenant's prefix never holds another's. */
export function spillKey(tenantId: string, requestId: string): string {
  return `${auditSpillPrefix}${encodeURIComponent(tenantId)}/${encodeURIComponent(requestId)}.${crypto.randomUUID()}.json`;
}

/**
 * Hands a batch to the tenant's `AuditLog`, whose answer is the acknowledgement: the records are
 * stored and chained. When the object cannot be reached, each record is written to R2 alone under the
 * spill prefix, where the object merges it into the chain later. Only when R2 fails too is a record
 * lost, and then it is logged as lost, by request id: never silently.
 */
async function sendAuditBatch(env: WorkerEnv, tenantId: string, pending: readonly PendingRecord[], ownerRequestId: string): Promise<void> {
  const batch = pending.map(({ record, outcome }) => ({ requestId: record.requestId, json: JSON.stringify(auditRecordOf(record, outcome)) }));
  try {
    const namespace = env.AUDIT_LOG;
    if (!namespace) throw new Error("the AUDIT_LOG binding is not configured");
    await namespace.get(namespace.idFromName(auditLogName(tenantId))).append(tenantId, batch.map((entry) => entry.json));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.warn(JSON.stringify({ level: "warn", event: "audit_spilled", requestId: ownerRequestId, tenantId, records: batch.length, detail }));
    await Promise.all(batch.map((entry) => spill(env, tenantId, entry)));
  }
}

async function spill(env: WorkerEnv, tenantId: string, entry: { readonly requestId: string; readonly json: string }): Promise<void> {
  try {
    const bucket = env.AUDIT_BUCKET;
    if (!bucket) throw new Error("the AUDIT_BUCKET binding is not configured");
    await bucket.put(spillKey(tenantId, entry.requestId), entry.json, { httpMetadata: { contentType: "application/json" } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "audit_record_lost", requestId: entry.requestId, tenantId, detail }));
  }
}

export const isolateAuditBatches = new IsolateBatches<PendingRecord>(auditDelayMs, sendAuditBatch);

/**
 * Audits a finished request: its record joins this isolate's batch for its tenant (requests that
 * never reached a tenant go to the gateway's own trail). Returns the work to keep alive with
 * `waitUntil` when this request opened the batch.
 */
export function auditRequest(env: WorkerEnv, record: RequestRecord, outcome: RequestOutcome, batches: IsolateBatches<PendingRecord> = isolateAuditBatches): Promise<void> | null {
  const tenantId = record.tenantId ?? gatewayAuditTenant;
  return batches.add(env, tenantId, { record, outcome }, record.requestId);
}
