import type { LabelledPattern } from "./pattern-hits";
import type { Severity } from "./severity";

// Phrases are written against NormalizedText.words: lower case, single spaces between words, a space at
// both ends. Each pattern starts at a space and ends before one, so it matches whole words only. Every
// repetition is bounded and every alternation is of plain words, so matching stays linear.

const FILLER = "(?:(?:all|an[y]|every|each|of|the|your|my|these|those|such|above|earlier) ){0,3}";
const EARLIER = "(?:previous|prior|above|earlier|preceding|foregoing|former|initial|original|system|developer)";
const ORDERS = "(?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|commands|constraints)";
const YOU_ARE = "you (?:are|re)";
const LIMITS = "(?:restrictions|rules|limits|limitations|guidelines|filters|boundaries|guardrails|content policy|ethical guidelines|restraints)";
const HIDDEN_PROMPT =
  "(?:system prompt|system message|initial instructions|original instructions|hidden instructions|secret instructions|instructions you were given)";

function phrase(label: string, severity: Severity, words: string): LabelledPattern {
  return { label, severity, pattern: new RegExp(` ${words}(?= )`, "g") };
}

export const INSTRUCTION_PHRASES: readonly LabelledPattern[] = [
  phrase("ignore previous instructions", "high", `(?:ignore|disregard|forget) ${FILLER}${EARLIER} ${ORDERS}`),
  phrase("disregard instructions", "high", `disregard ${FILLER}(?:instructions|rules|guidelines|guardrails|restrictions|programming)`),
  phrase("ignore everything above", "medium", "(?:ignore|disregard|forget) (?:all|everything) (?:of )?(?:the |that )?above"),
  phrase("you are now DAN", "high", `${YOU_ARE} now (?:dan|unrestricted|unfiltered|uncensored|jailbroken)`),
  phrase("do anything now", "medium", "(?:dan mode|do anything now)"),
  phrase("developer mode", "medium", `(?:${YOU_ARE} (?:now )?in developer mode|developer mode (?:enabled|activated|output))`),
  phrase("jailbreak", "medium", `(?:jailbreak (?:mode|prompt)|${YOU_ARE} (?:now )?jailbroken|jailbroken (?:ai|mode|assistant|model))`),
  phrase(
    "pretend you have no restrictions",
    "high",
    `(?:pretend|imagine|act as if|act like|behave as if) (?:that )?you (?:have|had|ve got|ve|are under) no ${LIMITS}`,
  ),
  phrase(
    "reveal your system prompt",
    "medium",
    `(?:reveal|show|print|output|repeat|display|leak|dump|tell me|give me) (?:(?:me|us|your|the|all|of|full|entire|exact|initial|original|hidden|secret) ){0,4}${HIDDEN_PROMPT}`,
  ),
  phrase("repeat the text above", "medium", "repeat (?:all |everything |the (?:text|words) )(?:above|before this)"),
];
