import { GatewayError } from "../errors/gateway-error";
import type { RequestRecord } from "../observability/request-record";
import type { OutputGuards } from "./output-guards";
import { redactionVerdict } from "./output/redaction-counts";
import { findDisallowedToolCalls, toolCallVerdict } from "./output/tool-calls";
import { redactCompletion } from "./output/whole-answer";
import { recordVerdicts } from "./record-verdicts";

/**
 * A whole OpenAI chat completion (the gateway's own JSON) through the output guardrails: calls to
 * tools not allowed are flagged or refuse the answer (`guardrail_blocked`), and its texts are masked.
 * The body is returned as it came when nothing was masked.
 */
export function guardWholeAnswer(record: RequestRecord, body: string, guards: OutputGuards): string {
  const completion: unknown = JSON.parse(body);
  if (guards.toolCalls) {
    const findings = findDisallowedToolCalls(completion, guards.toolCalls.allowedTools);
    recordVerdicts(record, [toolCallVerdict(findings, guards.toolCalls.action)]);
    if (findings.length > 0 && guards.toolCalls.action === "block") {
      throw new GatewayError({ kind: "guardrail_blocked", side: "output", findings });
    }
  }
  if (!guards.redaction) return body;
  const redacted = redactCompletion(completion);
  const verdict = redactionVerdict(redacted.counts);
  recordVerdicts(record, [verdict]);
  return verdict.verdict === "redacted" ? JSON.stringify(redacted.completion) : body;
}
