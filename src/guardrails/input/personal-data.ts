import type { GuardrailVerdict } from "../../audit/exchange";
import type { RedactionCounts } from "../../audit/redaction/kinds";
import { rulesOf } from "../../audit/redaction/redact-text";
import type { ChatMessage } from "../../schemas/openai/chat";
import type { PersonalDataSettings } from "./personal-data-settings";
import { redactMessages } from "./redact-messages";
import type { InputFinding } from "./rule";

export interface PersonalDataOutcome {
  /** The messages to send: masked under `redact`, else the ones given. */
  readonly messages: readonly ChatMessage[];
  /** Null when the guard is off or found nothing. */
  readonly verdict: GuardrailVerdict | null;
  /** Set under `block` when something was found. */
  readonly blocked: InputFinding | null;
}

const MAX_INDEXES_IN_DETAIL = 10;

/** `email×2, phone×1 in messages[0, 3]`: kinds and places, never the values. */
function describe(counts: RedactionCounts, messageIndexes: readonly number[]): string {
  const kinds = Object.entries(counts)
    .map(([kind, count]) => `${kind}×${count}`)
    .join(", ");
  const shown = messageIndexes.slice(0, MAX_INDEXES_IN_DETAIL).join(", ");
  const more = messageIndexes.length > MAX_INDEXES_IN_DETAIL ? ", …" : "";
  return `${kinds} in messages[${shown}${more}]`;
}

/** The personal-data guard on a request's messages, per the tenant's `guardrails.input.personalData`. */
export function guardPersonalData(messages: readonly ChatMessage[], settings: PersonalDataSettings): PersonalDataOutcome {
  if (settings.mode === "off") return { messages, verdict: null, blocked: null };
  const scan = redactMessages(messages, settings.roles, rulesOf(new Set(settings.kinds)));
  if (scan.messageIndexes.length === 0) return { messages, verdict: null, blocked: null };
  const detail = describe(scan.counts, scan.messageIndexes);
  const guardrail = "input.personal_data";
  switch (settings.mode) {
    case "flag":
      return { messages, verdict: { guardrail, verdict: "flagged", detail }, blocked: null };
    case "redact":
      return { messages: scan.messages, verdict: { guardrail, verdict: "redacted", detail }, blocked: null };
    case "block": {
      const blocked: InputFinding = { rule: "personal_data", severity: "high", messageIndex: scan.messageIndexes[0] ?? 0, detail };
      return { messages, verdict: { guardrail, verdict: "blocked", detail }, blocked };
    }
  }
}
