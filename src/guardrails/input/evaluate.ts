import type { GuardrailVerdict } from "../../audit/exchange";
import type { ChatMessage } from "../../schemas/openai/chat";
import { inspectMessages } from "./inspected-message";
import { INPUT_RULES } from "./registry";
import { INPUT_RULE_NAMES, type InputFinding } from "./rule";
import { severityAtLeast } from "./severity";
import type { InputGuardrailSettings } from "./settings";

export interface InputEvaluation {
  /** One verdict per rule that found something; a single `allowed` verdict named "input" otherwise. */
  readonly verdicts: GuardrailVerdict[];
  /** The most severe finding that blocks the request, or null when it may proceed. */
  readonly blocked: InputFinding | null;
}

/** The audit detail is bounded whatever the request holds. */
const MAX_FINDINGS_IN_DETAIL = 5;

function describeFindings(findings: readonly InputFinding[]): string {
  const shown = findings
    .slice(0, MAX_FINDINGS_IN_DETAIL)
    .map(({ messageIndex, severity, detail }) => `messages[${messageIndex}] ${severity}: ${detail}`);
  const hidden = findings.length - shown.length;
  return hidden > 0 ? `${shown.join("; ")}; and ${hidden} more` : shown.join("; ");
}

function worse(current: InputFinding | null, candidate: InputFinding): InputFinding {
  return current === null || !severityAtLeast(current.severity, candidate.severity) ? candidate : current;
}

export function evaluateInput(messages: readonly ChatMessage[], settings: InputGuardrailSettings): InputEvaluation {
  const inspected = inspectMessages(messages);
  const verdicts: GuardrailVerdict[] = [];
  let blocked: InputFinding | null = null;
  for (const name of INPUT_RULE_NAMES) {
    const { mode, blockAt } = settings.rules[name];
    if (mode === "off") continue;
    const findings = INPUT_RULES[name].check(inspected, settings);
    if (findings.length === 0) continue;
    const blocking = mode === "block" ? findings.filter((finding) => severityAtLeast(finding.severity, blockAt)) : [];
    blocked = blocking.reduce<InputFinding | null>(worse, blocked);
    verdicts.push({ guardrail: `input.${name}`, verdict: blocking.length > 0 ? "blocked" : "flagged", detail: describeFindings(findings) });
  }
  if (verdicts.length === 0) verdicts.push({ guardrail: "input", verdict: "allowed", detail: null });
  return { verdicts, blocked };
}
