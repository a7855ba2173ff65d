/** Sums of redaction counts, and the verdict they make. */
import type { GuardrailVerdict } from "../../audit/exchange";
import { type RedactionCounts, redactionKinds } from "../../audit/redact";

export const redactionGuardrail = "output.redaction";

/** Adds `more` into `total`, kind by kind. */
export function addCounts(total: RedactionCounts, more: RedactionCounts): void {
  for (const kind of redactionKinds) {
    const count = more[kind];
    if (count !== undefined) total[kind] = (total[kind] ?? 0) + count;
  }
}

/** The counts' kinds and numbers, `email: 2, card: 1`, in the order of `redactionKinds`; "" when nothing was masked. */
export function describeCounts(counts: RedactionCounts): string {
  return redactionKinds
    .filter((kind) => (counts[kind] ?? 0) > 0)
    .map((kind) => `${kind}: ${counts[kind] ?? 0}`)
    .join(", ");
}

/** `redacted` with what was masked, or `allowed` when nothing was. */
export function redactionVerdict(counts: RedactionCounts): GuardrailVerdict {
  const detail = describeCounts(counts);
  return detail === ""
    ? { guardrail: redactionGuardrail, verdict: "allowed", detail: null }
    : { guardrail: redactionGuardrail, verdict: "redacted", detail };
}

/** True when both count the same number of each kind (a missing kind counts as zero). */
export function sameCounts(a: RedactionCounts, b: RedactionCounts): boolean {
  return redactionKinds.every((kind) => (a[kind] ?? 0) === (b[kind] ?? 0));
}
