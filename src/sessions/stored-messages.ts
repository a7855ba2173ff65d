import type { ChatMessage } from "../schemas/openai/chat";

/**
 * A session's stored messages, read back. Not validated again: only the gateway writes them, each a
 * request message that passed the chat schema or a reply it assembled itself, and re-validating the
 * whole history on every turn would cost more than the rest of the request.
 */
export function storedMessages(json: string): ChatMessage[] {
  return JSON.parse(json) as ChatMessage[];
}
