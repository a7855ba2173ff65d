import { DurableObject } from "cloudflare:workers";
import { writeBatch } from "../audit/batch-writer";
import type { ChainEntry } from "../audit/chain";
import type { AuditAppendResult } from "../audit/contract";
import type { AuditFlushResult, AuditHead } from "../audit/log-contract";
import { type AuditChain, auditLogName, chainLabel } from "../audit/log-name";
import { AuditStore } from "../audit/log-store";
import { type AppendInput, readRecord } from "../audit/record-fields";
import { applyRetention } from "../audit/retention-apply";
import type { RetentionFloor, RetentionRequest, RetentionResult } from "../audit/retention-contract";
import { RetentionFloorStore } from "../audit/retention-floor";
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
 * One chain of a tenant's audit trail: the whole trail, or one shard of it (docs/audit-chain.md).
 * `append` gives each record the next sequence number and a SHA-256 hash chained to the previous one,
 * in one synchronous step, and stores it in SQLite: the answer leaves only once the rows are durable
 * (the output gate), so an acknowledged record is never lost. An alarm flushes held entries to R2 as gzip NDJSON batches with a manifest, by count,
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
  /** A chain whose name derives this object's id, before its first record makes it the owner. */
  private admitted: AuditChain | null = null;
  private retentionFloors: RetentionFloorStore | null = null;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.store = new AuditStore(ctx.storage);
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
      this.scheduleFlush(Date.now());
    });
  }

  /** Chains and stores records (each one JSON object with `requestId` and `time`); all or none. */
  append(tenantId: string, shard: number, records: readonly string[]): AuditAppendResult {
    const chain = this.admit(tenantId, shard);
    const inputs = records.map((json, index) => this.readOrRefuse(chain, json, index));
    const now = Date.now();
    const result = this.store.append(chain, inputs, now, false);
    this.scheduleFlush(now);
    return result;
  }

  head(tenantId: string, shard: number): AuditHead {
    this.admit(tenantId, shard);
    return { tenantId, shard, ...this.store.head, unflushed: this.store.unflushed.count };
  }

  /**
   * The entries not in R2 yet, in order, a page at a time (after `afterSeq`); an exporter adds them
   * to the batches, deduplicating by seq (a batch written but not yet released is in both).
   */
  unflushed(tenantId: string, shard: number, afterSeq = 0, limit = 1000): ChainEntry[] {
    this.admit(tenantId, shard);
    return this.store.heldEntries(afterSeq, Math.min(Math.max(1, limit), 1000)).map(({ seq, prevHash, hash, record }) => ({ seq, prevHash, hash, record }));
  }

  /**
   * Merges spills and writes what is held to R2 now, due or not (before an export or a verification);
   * at most `batchesPerRun` batches: `unflushed` in the answer says whether to call again.
   */
  async flush(tenantId: string, shard: number): Promise<AuditFlushResult> {
    const chain = this.admit(tenantId, shard);
    return this.serialized(() => this.upkeepRound(chain, true));
  }

  /**
   * Retention (docs/audit-retention.md): records in the chain, then deletes, the batches at its start
   * whose records are all older than the cutoff; nothing under a legal hold. Between flushes, and the
   * record is flushed at once, so a copy of the bucket shows why the chain starts where it does.
   */
  async applyRetention(tenantId: string, shard: number, request: RetentionRequest): Promise<RetentionResult> {
    const chain = this.admit(tenantId, shard);
    return this.serialized(async () => {
      const bucket = this.env.AUDIT_BUCKET;
      if (!bucket) throw new GatewayError({ kind: "internal", detail: "the AUDIT_BUCKET binding is not configured" });
      const result = await applyRetention({ bucket, chain, store: this.store, floors: this.floors }, request, Date.now());
      if (result.recordSeq !== null) await this.upkeepRound(chain, true).catch(() => undefined);
      return result;
    });
  }

  /** Where retention left the chain's start in R2, or null while it has deleted nothing. */
  retentionFloor(tenantId: string, shard: number): RetentionFloor | null {
    this.admit(tenantId, shard);
    return this.floors.read();
  }

  private get floors(): RetentionFloorStore {
    this.retentionFloors ??= new RetentionFloorStore(this.ctx.storage);
    return this.retentionFloors;
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const chain = this.store.chain;
    if (chain === null) return;
    await this.serialized(() => this.upkeepRound(chain, false)).catch(() => undefined);
  }

  private async upkeepRound(chain: AuditChain, always: boolean): Promise<AuditFlushResult> {
    const bucket = this.env.AUDIT_BUCKET;
    const scanDue = always || Date.now() - this.spillsScannedAt >= auditFlushPolicy.spillScanMs;
    const spills = bucket && scanDue ? await this.scanSpills(bucket, chain) : skippedScan;
    try {
      if (!bucket) throw new Error("the AUDIT_BUCKET binding is not configured");
      const objects = await this.flushHeld(bucket, chain, always);
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
      console.error(JSON.stringify({ level: "error", event: "audit_flush_failed", ...chain, unflushed: this.store.unflushed.count, retryInMs, detail }));
      this.retryAt = Date.now() + retryInMs;
      // Replaces an earlier alarm an append may have asked for during the round.
      this.alarmAt = null;
      this.armAlarm(this.retryAt);
      throw new GatewayError({ kind: "internal", detail: `audit flush failed: ${detail}` }, { cause: error });
    }
  }

  /** A failed merge does not hold up the flush: its spills stay in R2 for the next round. */
  private async scanSpills(bucket: R2Bucket, chain: AuditChain): Promise<SpillScan> {
    try {
      const merge = await mergeSpills(this.store, bucket, chain);
      this.spillsScannedAt = merge.more ? 0 : Date.now();
      return { spillScan: "done", ...merge };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      console.error(JSON.stringify({ level: "error", event: "audit_spill_merge_failed", ...chain, detail }));
      return { ...skippedScan, spillScan: "failed" };
    }
  }

  /**
   * Writes batches from the oldest held entry while they are due: full, claimed by a failed attempt,
   * or old enough (every held entry when `force`). Stops at what was held when the round began.
   */
  private async flushHeld(bucket: R2Bucket, chain: AuditChain, force: boolean): Promise<number> {
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
      await writeBatch(bucket, chain, batch.entries, Date.now());
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

  /**
   * Only the chain (tenant and shard) whose name derives this object's id, and once it has records,
   * only its owner. Answers the chain admitted.
   */
  private admit(tenantId: string, shard: number): AuditChain {
    const owner = this.store.chain ?? this.admitted;
    if (owner !== null && owner.tenantId === tenantId && owner.shard === shard) return owner;
    const chain: AuditChain = { tenantId, shard };
    const namespace = this.env.AUDIT_LOG;
    const validShard = Number.isSafeInteger(shard) && shard >= 0;
    const derivesId = validShard && (namespace ? namespace.idFromName(auditLogName(tenantId, shard)).equals(this.ctx.id) : true);
    if (this.store.chain !== null || !derivesId) {
      const held = this.store.chain ? chainLabel(this.store.chain) : null;
      console.error(JSON.stringify({ level: "error", event: "audit_tenant_refused", tenantId, shard, owner: held }));
      throw new GatewayError({ kind: "internal", detail: `this audit log does not hold shard ${shard} of tenant ${tenantId}'s trail` });
    }
    this.admitted = chain;
    return chain;
  }

  private readOrRefuse(chain: AuditChain, json: string, index: number): AppendInput {
    const reading = readRecord(json);
    if (reading.ok) return reading.input;
    console.error(JSON.stringify({ level: "error", event: "audit_record_refused", ...chain, index, detail: reading.detail }));
    throw new GatewayError({ kind: "internal", detail: `audit record ${index}: ${reading.detail}` });
  }
}
