import type { GuardrailVerdict } from "../audit/exchange";
import type { RequestRecord } from "../observability/request-record";

/**
 * Adds to the request's record the verdicts of guardrails that acted (flagged, blocked, redacted).
 * `allowed` verdicts are left out: which guardrails ran follows from the policy version the record
 * names, and an entry on every request would only be noise in the trail.
 */
export function recordVerdicts(record: RequestRecord, verdicts: readonly (GuardrailVerdict | null)[]): void {
  for (const verdict of verdicts) {
    if (verdict !== null && verdict.verdict !== "allowed") record.guardrails.push(verdict);
  }
}
