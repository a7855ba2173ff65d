import { DurableObject } from "cloudflare:workers";
import { writeBatch } from "../audit/batch-writer";
import type { ChainEntry } from "../audit/chain";
import type { AuditAppendResult } from "../audit/contract";
import type { AuditFlushResult, AuditHead } from "../audit/log-contract";
import { auditLogName } from "../audit/log-name";
import { AuditStore } from "../audit/log-store";
import { type AppendInput, readRecord } from "../audit/record-fields";
import { mergeSpills } from "../audit/spills";
import type { WorkerEnv } from "../env";
import { GatewayError } from "../errors/gateway-error";

/** When held entries go to R2 (docs/audit-chain.md): whichever comes first. */
export const auditFlushPolicy = {
  records: 500,
  bytes: 4 * 1024 * 1024,
  ageMs: 30_000,
  /** Batches written per round at most, to stay within an invocation's subrequests; the rest follow at once. */
  batchesPerRun: 50,
  /** The spill prefix is listed at most this often by alarms (a listing is a billed R2 operation). */
  spillScanMs: 60_000,
  /** A spilled record whose request was chained this recently is a duplicate (the append's answer was lost). */
  dedupeMs: 15 * 60_000,
  retryMaxMs: 60_000,
} as const;

type SpillScan = Pick<AuditFlushResult, "spillScan" | "merged" | "duplicates" | "invalid"> & { readonly more: boolean };
const skippedScan: SpillScan = { spillScan: "skipped", merged: 0, duplicates: 0, invalid: 0, more: false };

/**
 * One tenant's audit trail (docs/audit-chain.md). `append` gives each record the next sequence number
 * and a SHA-256 hash chained to the previous one, in one synchronous step, and stores it in SQLite:
 * the answer leaves only once the rows are durable (the output gate), so an acknowledged record is
 * never lost. An alarm flushes held entries to R2 as gzip NDJSON batches with a manifest, by count,
 * size or age, and merges the records the Worker spilled to R2 when it could not reach this object.
 */
export class AuditLog extends DurableObject<WorkerEnv> {
  private readonly store: AuditStore;
  private alarmAt: number | null = null;
  /** Flushes and merges run one at a time: each works from the oldest held entry. */
  private upkeep: Promise<unknown> = Promise.resolve();
  private spillsScannedAt = 0;
  private prunedAt = 0;
  private failures = 0;
  /** After a failed round, no alarm before this time, however full the batch (backoff while R2 fails). */
  private retryAt = 0;
  /** A tenant whose name derives this object's id, before its first record makes it the owner. */
  private admitted: string | null = null;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.store = new AuditStore(ctx.storage);
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
      this.scheduleFlush(Date.now());
    });
  }

  /** Chains and stores records (each one JSON object with `requestId` and `time`); all or none. */
  append(tenantId: string, records: readonly string[]): AuditAppendResult {
    this.admit(tenantId);
    const inputs = records.map((json, index) => this.readOrRefuse(tenantId, json, index));
    const now = Date.now();
    const result = this.store.append(tenantId, inputs, now, false);
    this.scheduleFlush(now);
    return result;
  }

  head(tenantId: string): AuditHead {
    this.admit(tenantId);
    return { tenantId, ...this.store.head, unflushed: this.store.unflushed.count };
  }

  /**
   * The entries not in R2 yet, in order, a page at a time (after `afterSeq`); an exporter adds them
   * to the batches, deduplicating by seq (a batch written but not yet released is in both).
   */
  unflushed(tenantId: string, afterSeq = 0, limit = 1000): ChainEntry[] {
    this.admit(tenantId);
    return this.store.heldEntries(afterSeq, Math.min(Math.max(1, limit), 1000)).map(({ seq, prevHash, hash, record }) => ({ seq, prevHash, hash, record }));
  }

  /**
   * Merges spills and writes what is held to R2 now, due or not (before an export or a verification);
   * at most `batchesPerRun` batches: `unflushed` in the answer says whether to call again.
   */
  async flush(tenantId: string): Promise<AuditFlushResult> {
    this.admit(tenantId);
    return this.serialized(() => this.upkeepRound(tenantId, true));
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const tenantId = this.store.tenant;
    if (tenantId === null) return;
    await this.serialized(() => this.upkeepRound(tenantId, false)).catch(() => undefined);
  }

  private async upkeepRound(tenantId: string, always: boolean): Promise<AuditFlushResult> {
    const bucket = this.env.AUDIT_BUCKET;
    const scanDue = always || Date.now() - this.spillsScannedAt >= auditFlushPolicy.spillScanMs;
    const spills = bucket && scanDue ? await this.scanSpills(bucket, tenantId) : skippedScan;
    try {
      if (!bucket) throw new Error("the AUDIT_BUCKET binding is not configured");
      const objects = await this.flushHeld(bucket, tenantId, always);
      this.pruneRequests(Date.now());
      this.failures = 0;
      this.retryAt = 0;
      this.scheduleFlush(Date.now(), spills.more);
      const { more: _more, ...merge } = spills;
      return { ...merge, objects, unflushed: this.store.unflushed.count };
    } catch (error) {
      this.failures += 1;
      const retryInMs = Math.min(auditFlushPolicy.retryMaxMs, 1000 * 2 ** (this.failures - 1));
      const detail = error instanceof Error ? error.message : String(error);
      console.error(JSON.stringify({ level: "error", event: "audit_flush_failed", tenantId, unflushed: this.store.unflushed.count, retryInMs, detail }));
      this.retryAt = Date.now() + retryInMs;
      // Replaces an earlier alarm an append may have asked for during the round.
      this.alarmAt = null;
      this.armAlarm(this.retryAt);
      throw new GatewayError({ kind: "internal", detail: `audit flush failed: ${detail}` }, { cause: error });
    }
  }

  /** A failed merge does not hold up the flush: its spills stay in R2 for the next round. */
  private async scanSpills(bucket: R2Bucket, tenantId: string): Promise<SpillScan> {
    try {
      const merge = await mergeSpills(this.store, bucket, tenantId);
      this.spillsScannedAt = merge.more ? 0 : Date.now();
      return { spillScan: "done", ...merge };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      console.error(JSON.stringify({ level: "error", event: "audit_spill_merge_failed", tenantId, detail }));
      return { ...skippedScan, spillScan: "failed" };
    }
  }

  /**
   * Writes batches from the oldest held entry while they are due: full, claimed by a failed attempt,
   * or old enough (every held entry when `force`). Stops at what was held when the round began.
   */
  private async flushHeld(bucket: R2Bucket, tenantId: string, force: boolean): Promise<number> {
    const through = this.store.head.seq;
    let objects = 0;
    while (objects < auditFlushPolicy.batchesPerRun) {
      const batch = this.store.nextBatch(auditFlushPolicy.records, auditFlushPolicy.bytes);
      const last = batch?.entries.at(-1);
      if (!batch || !last) break;
      // The slack keeps an alarm that fires a moment early from re-arming itself for nothing.
      const due = batch.full || batch.claimed || force || batch.oldestAt + auditFlushPolicy.ageMs <= Date.now() + 1000;
      if (!due) break;
      this.store.claim(batch);
      await writeBatch(bucket, tenantId, batch.entries, Date.now());
      this.store.markFlushed(last.seq);
      objects += 1;
      if (last.seq >= through) break;
    }
    return objects;
  }

  private pruneRequests(now: number): void {
    if (now - this.prunedAt < auditFlushPolicy.spillScanMs) return;
    this.prunedAt = now;
    this.store.pruneRequests(now - auditFlushPolicy.dedupeMs);
  }

  /** Arms the alarm for the held entries: now when a batch is full, else when the oldest is due. */
  private scheduleFlush(now: number, soon = false): void {
    const held = this.store.unflushed;
    if (soon) this.armAlarm(now + 1000);
    if (held.count === 0) return;
    const full = held.count >= auditFlushPolicy.records || held.bytes >= auditFlushPolicy.bytes;
    this.armAlarm(full ? now : (held.oldestAt ?? now) + auditFlushPolicy.ageMs);
  }

  private armAlarm(wanted: number): void {
    const at = Math.max(wanted, this.retryAt);
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.upkeep.then(task, task);
    this.upkeep = run.catch(() => undefined);
    return run;
  }

  /** Only the tenant whose name derives this object's id, and once it has records, only its owner. */
  private admit(tenantId: string): void {
    const owner = this.store.tenant;
    if (owner === tenantId || (owner === null && this.admitted === tenantId)) return;
    const namespace = this.env.AUDIT_LOG;
    const derivesId = namespace ? namespace.idFromName(auditLogName(tenantId)).equals(this.ctx.id) : true;
    if (owner !== null || !derivesId) {
      console.error(JSON.stringify({ level: "error", event: "audit_tenant_refused", tenantId, owner }));
      throw new GatewayError({ kind: "internal", detail: `this audit log does not hold tenant ${tenantId}'s records` });
    }
    this.admitted = tenantId;
  }

  private readOrRefuse(tenantId: string, json: string, index: number): AppendInput {
    const reading = readRecord(json);
    if (reading.ok) return reading.input;
    console.error(JSON.stringify({ level: "error", event: "audit_record_refused", tenantId, index, detail: reading.detail }));
    throw new GatewayError({ kind: "internal", detail: `audit record ${index}: ${reading.detail}` });
  }
}
