import type { ChatRequest } from "./chat-request";
import { stripDirectives } from "./directives";

/** The simulated prompt-injection classifier: a chat model that answers a JSON verdict on the text it is given. */
export const PROMPT_GUARD_MODEL = "sim-prompt-guard";

export const PROMPT_GUARD_INJECTION_SCORE = 0.97;
export const PROMPT_GUARD_BENIGN_SCORE = 0.02;

/**
 * What the simulated classifier counts as an injection, on purpose a short, visible list: tests and
 * `npm start` users can tell in advance what it will say. The last two are paraphrases the gateway's
 * own phrase rule does not list, so the classifier can be seen catching what the rules miss.
 */
const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|your\s+|any\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|rules|prompts?)\b/i,
  /\b(?:ignore|disregard|forget)\s+(?:the\s+|your\s+)?system\s+prompt\b/i,
  /\breveal\s+(?:the\s+|your\s+)?system\s+prompt\b/i,
  /\byou\s+are\s+now\s+dan\b/i,
  /\bpay\s+no\s+attention\s+to\s+(?:the\s+|your\s+)?(?:earlier|previous|prior)\s+(?:guidance|directions)\b/i,
  /\bfrom\s+now\s+on\s+you\s+(?:only\s+)?obey\s+me\b/i,
];

export interface PromptGuardVerdict {
  injection: boolean;
  score: number;
}

/** The verdict on every user message of the request, directives left out. */
export function promptGuardVerdict(request: ChatRequest): PromptGuardVerdict {
  const text = request.messages
    .filter((message) => message.role === "user")
    .map((message) => stripDirectives(message.text))
    .join("\n");
  const injection = INJECTION_PATTERNS.some((pattern) => pattern.test(text));
  return { injection, score: injection ? PROMPT_GUARD_INJECTION_SCORE : PROMPT_GUARD_BENIGN_SCORE };
}
