import type { GuardrailVerdict } from "../../audit/exchange";
import type { InputFinding } from "../input/rule";
import type { ClassifierCall } from "./call-classifier";
import type { ClassifierSettings } from "./settings";

export const CLASSIFIER_GUARDRAIL = "input.classifier";


export interface ClassifierOutcome {
  /** `allowed` (not recorded), `flagged` or `blocked`; its detail names the model and the score or error. */
  readonly verdict: GuardrailVerdict;
  /** The finding that refuses the request, or null when it may proceed. */
  readonly blocked: InputFinding | null;
}

/** At most three decimals: enough to compare with a threshold, short in the audit record. */
function score(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * What the classifier's answer means under the settings. A failed call (timeout, error, unparsable
 * answer, unknown model) follows `onError`; when it lets the request through it is still flagged, so
 * the audit trail shows the request went unclassified. `messageIndex` is where the client's text ends.
 */
export function classifierOutcome(call: ClassifierCall, settings: ClassifierSettings, messageIndex: number): ClassifierOutcome {
  const { model, threshold, mode, onError } = settings;
  if (!call.ok) {
    const refuse = onError === "block";
    const detail = `model ${model}: error (${call.error}); ${refuse ? "refused (onError block)" : "served unclassified (onError allow)"}`;
    const blocked = refuse ? finding(messageIndex, "the model-based classifier could not answer and the policy refuses unclassified requests") : null;
    return { verdict: { guardrail: CLASSIFIER_GUARDRAIL, verdict: refuse ? "blocked" : "flagged", detail }, blocked };
  }
  const { score: value } = call.answer;
  if (value < threshold) {
    return { verdict: { guardrail: CLASSIFIER_GUARDRAIL, verdict: "allowed", detail: `model ${model}: score ${score(value)} < ${score(threshold)}` }, blocked: null };
  }
  const comparison = `score ${score(value)} ≥ ${score(threshold)}`;
  const refuse = mode === "block";
  return {
    verdict: { guardrail: CLASSIFIER_GUARDRAIL, verdict: refuse ? "blocked" : "flagged", detail: `model ${model}: ${comparison}` },
    blocked: refuse ? finding(messageIndex, `model-based classifier ${comparison}`) : null,
  };
}

function finding(messageIndex: number, detail: string): InputFinding {
  return { rule: "classifier", severity: "high", messageIndex, detail };
}
