import type { LimitState } from "./contract";

/**
 * What the limiter decided for a request, on its record: headers are written from `states`, the
 * reservation is settled from it once the usage is known, and the log line names the `outcome`.
 */
export interface LimitRecord {
  /** `admitted`; `refused` by a limit; `unavailable` when the limiter could not be reached and the fail mode let it through. */
  readonly outcome: "admitted" | "refused" | "unavailable";
  /** The limiter object's name; null when none was reached. */
  readonly anchor: string | null;
  readonly reservationId: string | null;
  /** The limiter's clock at admission, and the subjects counted (for the settlement). */
  readonly admittedAt: number;
  readonly subjects: readonly string[];
  readonly reservedTokens: number;
  readonly reservedCost: number;
  readonly states: readonly LimitState[];
  /** Set once the settlement has been queued, so a hang-up and the normal end never both send one. */
  settled: boolean;
}
