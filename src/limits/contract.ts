/** What the Worker and the `RateLimiter` object exchange (plain data, so it crosses RPC as is). */

/** The sliding window of `requestsPerMinute` and `tokensPerMinute`. */
export const windowMs = 60_000;

export type LimitKind = "requests" | "tokens" | "concurrency" | "spend_day" | "spend_month";

/** One limited subject of a request and its limits: the tenant, the key, or either on one model. */
export interface SubjectLimits {
  /** Storage key, e.g. `tenant:acme`, `key:key_123/model:gpt-4o`. */
  readonly subject: string;
  /** How the subject is named to the client and in header policy names, e.g. `tenant`, `key-model`. */
  readonly scope: SubjectScope;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly concurrentRequests?: number;
  readonly spendPerDay?: number;
  readonly spendPerMonth?: number;
}

export type SubjectScope = "tenant" | "tenant-model" | "key" | "key-model";

export interface AdmitRequest {
  /** A fresh random id; the handle for settling or releasing the reservation. */
  readonly reservationId: string;
  /** Input plus output tokens the request may use (prompt estimate plus its `max_tokens`). */
  readonly tokens: number;
  /** The most the request may cost at the priciest of its candidate targets. */
  readonly cost: number;
  /** After this long an unsettled reservation is settled as reserved (the Worker is presumed gone). */
  readonly ttlMs: number;
  readonly subjects: readonly SubjectLimits[];
}

/** A limit's state after the decision, for `RateLimit` and `x-ratelimit-*` headers. */
export interface LimitState {
  readonly scope: SubjectScope;
  readonly kind: LimitKind;
  readonly quota: number;
  readonly remaining: number;
  /** Seconds until the whole quota is available again. */
  readonly resetSeconds: number;
}

export type Refusal =
  | { readonly kind: "rate_limited"; readonly limit: "requests" | "tokens" | "concurrency"; readonly scope: SubjectScope; readonly retryAfterSeconds: number }
  | { readonly kind: "budget_exhausted"; readonly period: "day" | "month"; readonly scope: SubjectScope; readonly retryAfterSeconds: number }
  | { readonly kind: "request_exceeds_limit"; readonly limitTokens: number; readonly requestedTokens: number };

export type AdmitResult =
  | {
      readonly admitted: true;
      readonly states: readonly LimitState[];
      /** The object's clock at admission: carried back in the settlement. */
      readonly at: number;
    }
  | { readonly admitted: false; readonly refusal: Refusal; readonly states: readonly LimitState[] };

export interface Settlement {
  readonly reservationId: string;
  /** Tokens and cost the request really used. */
  readonly tokens: number;
  readonly cost: number;
  /**
   * The admission (its time and subjects), so an object that restarted since, and lost the open
   * reservation, still counts the request once it is settled.
   */
  readonly admittedAt: number;
  readonly subjects: readonly string[];
}
