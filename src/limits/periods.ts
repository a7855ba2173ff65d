/** Spend budgets run per UTC calendar day and month, the periods invoices and finance teams use. */
export type SpendPeriod = "day" | "month";

/** The storage key of the period containing `at`, e.g. `day:2026-11-29`, `month:2026-11`. */
export function periodKey(period: SpendPeriod, at: number): string {
  const iso = new Date(at).toISOString();
  return period === "day" ? `day:${iso.slice(0, 10)}` : `month:${iso.slice(0, 7)}`;
}

/** Milliseconds from `at` until the period containing it ends. */
export function msUntilPeriodEnds(period: SpendPeriod, at: number): number {
  const date = new Date(at);
  const end =
    period === "day"
      ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
      : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return end - at;
}

/** Whole seconds, at least 1: what `Retry-After` and `RateLimit` carry. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
