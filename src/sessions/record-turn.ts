import { requestCost } from "../observability/cost";
import { type RequestRecord, servedBy } from "../observability/request-record";
import type { ChatMessage } from "../schemas/openai/chat";
import type { SessionTurn } from "./session-types";

/**
 * What an answered request adds to its session. The request's messages and the reply are kept
 * together or not at all: without a reply (a stream cut short, an answer with no choice) the history
 * is left as it was, so the client can send the same turn again. The counters count the request
 * either way, since the provider was paid for it.
 */
export function turnOf(record: RequestRecord, sent: readonly ChatMessage[] | null, reply: ChatMessage | null, idleTtlSeconds: number): SessionTurn {
  const served = servedBy(record);
  const usage = record.usage;
  return {
    messages: sent !== null && reply !== null ? [...sent, reply].map((message) => JSON.stringify(message)) : [],
    servedBy: reply !== null ? (served?.target ?? null) : null,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cost: requestCost(usage, served?.pricing ?? null) ?? 0,
    idleTtlSeconds,
  };
}
