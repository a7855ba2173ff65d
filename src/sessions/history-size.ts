import type { SessionSettings } from "../config/state-schema";
import { GatewayError } from "../errors/gateway-error";
import type { ChatMessage } from "../schemas/openai/chat";

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/** A message's size as the session counts it: the UTF-8 bytes of its JSON. */
export function messageBytes(message: ChatMessage): number {
  return utf8Bytes(JSON.stringify(message));
}

/** How much a session holds. */
export interface HistorySize {
  readonly messages: number;
  readonly bytes: number;
}

/**
 * Refuses a request whose stored history plus its own messages would pass the session limits, so an
 * oversized conversation is never sent upstream. The reply is not counted: the limits bound what a
 * request sends, and the next request sees the reply in the stored history.
 */
export function assertHistoryFits(stored: HistorySize, incoming: readonly ChatMessage[], limits: SessionSettings): void {
  const messages = stored.messages + incoming.length;
  if (messages > limits.maxMessages) {
    throw new GatewayError({ kind: "session_too_large", limit: "messages", max: limits.maxMessages });
  }
  let bytes = stored.bytes;
  for (const message of incoming) {
    bytes += messageBytes(message);
    if (bytes > limits.maxHistoryBytes) {
      throw new GatewayError({ kind: "session_too_large", limit: "bytes", max: limits.maxHistoryBytes });
    }
  }
}
