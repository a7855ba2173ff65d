import { formatCost } from "../observability/cost";
import type { LimitKind, LimitState } from "./contract";
import { windowMs } from "./contract";

const windowSeconds = windowMs / 1000;

/** IETF quota units; `tokens` is ours (the draft's registry has none for tokens). */
const quotaUnit: Partial<Record<LimitKind, string>> = { tokens: "tokens", concurrency: "concurrent-requests" };

function policyName(state: LimitState): string {
  return `"${state.scope}-${state.kind.replace("_", "-")}"`;
}

/** OpenAI's duration style for `x-ratelimit-reset-*`: `45s`, `1m30s`, `2h0m5s`. */
export function openAIDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** The state of `kind` closest to refusing (least remaining), which OpenAI's single-valued headers report. */
function tightest(states: readonly LimitState[], kind: LimitKind): LimitState | undefined {
  return states.filter((state) => state.kind === kind).sort((a, b) => a.remaining - b.remaining)[0];
}

/**
 * Headers that tell a client where it stands against its limits:
 * - `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers), one item per limit,
 *   named `<scope>-<kind>`, e.g. `"tenant-requests";q=600;w=60` and `"tenant-requests";r=599;t=60`;
 * - OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, from the tightest subject;
 * - `x-switchboard-budget` for spend per UTC day and month, in the config's currency.
 */
export function rateLimitHeaders(states: readonly LimitState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const windowed = states.filter((state) => state.kind === "requests" || state.kind === "tokens" || state.kind === "concurrency");
  if (windowed.length > 0) {
    headers["ratelimit-policy"] = windowed
      .map((state) => {
        const unit = quotaUnit[state.kind];
        const window = state.kind === "concurrency" ? "" : `;w=${windowSeconds}`;
        return `${policyName(state)};q=${state.quota}${window}${unit ? `;qu="${unit}"` : ""}`;
      })
      .join(", ");
    headers.ratelimit = windowed.map((state) => `${policyName(state)};r=${state.remaining};t=${state.resetSeconds}`).join(", ");
  }
  for (const kind of ["requests", "tokens"] as const) {
    const state = tightest(states, kind);
    if (!state) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(state.quota);
    headers[`x-ratelimit-remaining-${kind}`] = String(state.remaining);
    headers[`x-ratelimit-reset-${kind}`] = openAIDuration(state.resetSeconds);
  }
  const budgets = states.filter((state) => state.kind === "spend_day" || state.kind === "spend_month");
  if (budgets.length > 0) {
    headers["x-switchboard-budget"] = budgets
      .map((state) => `${policyName(state)};q=${formatCost(state.quota)};r=${formatCost(state.remaining)};t=${state.resetSeconds}`)
      .join(", ");
  }
  return headers;
}
