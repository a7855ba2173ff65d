import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";
import { admit } from "../limits/admission";
import type { AdmitRequest, AdmitResult, Settlement } from "../limits/contract";
import { Ledger } from "../limits/ledger";

/** Closed reservations leave the tables at most this often outside alarms (each admission would be wasteful). */
const pruneEveryMs = 5_000;

/**
 * The limits of one limited tenant (or of one key, when its tenant has none): requests and tokens
 * per sliding minute, concurrent requests, and spend per UTC day and month, for the tenant, its keys
 * and either on one model. Each request is one `admit` call that checks and reserves in one step,
 * and one settlement (or `release`) once its real usage is known, batched per isolate (`settleMany`). An alarm settles reservations whose
 * Worker never came back, at their reserved amounts, so none leaks. The limits themselves come with
 * each call: a policy change needs no coordination with this object. Decisions read running totals
 * kept in memory (`Ledger`), never rows, so they cost the same however busy the tenant is.
 */
export class RateLimiter extends DurableObject<WorkerEnv> {
  private readonly ledger: Ledger;
  private alarmAt: number | null = null;
  private prunedAt = 0;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.ledger = new Ledger(ctx.storage.sql, Date.now());
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  admit(request: AdmitRequest): AdmitResult {
    const now = Date.now();
    this.pruneNowAndThen(now);
    const result = admit(this.ledger, request, now);
    if (result.admitted) this.armAlarm(now + request.ttlMs);
    return result;
  }

  /** Corrects reservations to the real usage (an isolate's batch); settling twice changes nothing. */
  settleMany(settlements: readonly Settlement[]): void {
    const now = Date.now();
    for (const settlement of settlements) {
      this.ledger.settle(settlement.reservationId, settlement.tokens, settlement.cost, now, {
        at: settlement.admittedAt,
        subjects: settlement.subjects,
      });
    }
  }

  /** Undoes a reservation whose request was never sent (the Worker gave up waiting for this answer). */
  release(reservationId: string): void {
    this.ledger.release(reservationId);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarmAt = null;
    this.ledger.expire(now);
    this.ledger.prune(now);
    this.prunedAt = now;
    const next = this.ledger.nextExpiry();
    if (next !== null) this.armAlarm(next);
  }

  private armAlarm(at: number): void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  private pruneNowAndThen(now: number): void {
    if (now - this.prunedAt < pruneEveryMs) return;
    this.prunedAt = now;
    this.ledger.prune(now);
  }
}
