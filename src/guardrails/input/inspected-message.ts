import type { ChatMessage } from "../../schemas/openai/chat";
import { normalizeForMatching, type NormalizedText } from "./normalize";

/**
 * Text the client, not the operator, wrote or relayed. System and developer messages are the operator's;
 * assistant turns are left out too (see docs/guardrails-input.md for why that is a known gap).
 */
const INSPECTED_ROLES = ["user", "tool", "function"] as const;
type InspectedRole = (typeof INSPECTED_ROLES)[number];

export interface InspectedMessage extends NormalizedText {
  /** Index into the request's `messages`. */
  readonly index: number;
  readonly role: InspectedRole;
  /** The message's text as sent: a string content, or its text parts joined by newlines. */
  readonly text: string;
}

function isInspectedRole(role: string): role is InspectedRole {
  return (INSPECTED_ROLES as readonly string[]).includes(role);
}

function messageText(message: ChatMessage): string {
  const { content } = message;
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

/** Normalizes each inspected message once; every rule reads the same result. */
export function inspectMessages(messages: readonly ChatMessage[]): InspectedMessage[] {
  return messages.flatMap((message, index) => {
    if (!isInspectedRole(message.role)) return [];
    const text = messageText(message);
    if (text === "") return [];
    return [{ index, role: message.role, text, ...normalizeForMatching(text) }];
  });
}
