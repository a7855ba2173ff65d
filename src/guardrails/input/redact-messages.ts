import type { RedactionCounts } from "../../audit/redaction/kinds";
import { redactWith } from "../../audit/redaction/redact-text";
import { type Rule, Tally } from "../../audit/redaction/rule-engine";
import type { ChatMessage } from "../../schemas/openai/chat";
import type { PersonalDataRole } from "./personal-data-settings";

export interface MessagesScan {
  /** The messages with personal data masked; the very array given when nothing was found. */
  readonly messages: readonly ChatMessage[];
  /** How many of each kind were found. */
  readonly counts: RedactionCounts;
  /** Indexes of the messages that held something. */
  readonly messageIndexes: readonly number[];
}

type Content = ChatMessage["content"];

/**
 * Masks personal data and secrets (those `rules` find) in the text of messages whose role is listed: a string content, and
 * the text parts of a content array. Tool-call arguments are JSON the tool must still parse, names are
 * identifiers, and images and files are not text, so those pass unchanged (docs/guardrails-input.md).
 */
export function redactMessages(messages: readonly ChatMessage[], roles: readonly PersonalDataRole[], rules: readonly Rule[]): MessagesScan {
  const tally = new Tally();
  const messageIndexes: number[] = [];
  let copy: ChatMessage[] | null = null;
  messages.forEach((message, index) => {
    if (!roles.includes(message.role)) return;
    const masked = redactContent(message.content, tally, rules);
    if (masked === message.content) return;
    messageIndexes.push(index);
    copy ??= [...messages];
    copy[index] = { ...message, content: masked } as ChatMessage;
  });
  return { messages: copy ?? messages, counts: tally.counts, messageIndexes };
}

function redactContent(content: Content, tally: Tally, rules: readonly Rule[]): Content {
  if (typeof content === "string") return redactWith(content, tally, rules);
  if (!Array.isArray(content)) return content;
  let changed = false;
  const parts = content.map((part) => {
    if (part.type !== "text") return part;
    const text = redactWith(part.text, tally, rules);
    if (text === part.text) return part;
    changed = true;
    return { ...part, text };
  });
  return changed ? parts : content;
}
