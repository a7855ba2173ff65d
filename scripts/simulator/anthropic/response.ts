import type { ChatReply } from "../chat-reply";
import { splitContent, splitEvenly } from "../chat-response";
import type { JsonObject, JsonValue } from "../json";

export interface MessageMeta {
  id: string;
  model: string;
}

/** One server-sent event of a Messages stream. */
export interface SseEvent {
  event: string;
  data: JsonObject;
}

const TOOL_INPUT_FRAGMENTS = 4;

export function stopReason(reply: ChatReply): string {
  if (reply.finishReason === "tool_calls") return "tool_use";
  if (reply.finishReason === "length") return "max_tokens";
  return reply.stopSequence === null ? "end_turn" : "stop_sequence";
}

/** Anthropic counts cache reads apart from `input_tokens` (the uncached rest of the prompt). */
function usage(reply: ChatReply, outputTokens: number): JsonObject {
  const cached = reply.cachedTokens ?? 0;
  return {
    input_tokens: Math.max(reply.usage.prompt_tokens - cached, 0),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: outputTokens,
  };
}

function toolUseId(reply: ChatReply): string {
  return `toolu_${(reply.toolCall?.id ?? "").replace(/^call_/, "")}`;
}

function contentBlocks(reply: ChatReply): JsonValue[] {
  if (reply.toolCall !== null) {
    const input = JSON.parse(reply.toolCall.arguments) as JsonValue;
    return [{ type: "tool_use", id: toolUseId(reply), name: reply.toolCall.name, input }];
  }
  return reply.content === null || reply.content === "" ? [] : [{ type: "text", text: reply.content }];
}

/** The non-streaming Messages API response. */
export function messageObject(meta: MessageMeta, reply: ChatReply): JsonObject {
  return {
    id: meta.id,
    type: "message",
    role: "assistant",
    model: meta.model,
    content: contentBlocks(reply),
    stop_reason: stopReason(reply),
    stop_sequence: reply.stopSequence,
    usage: usage(reply, reply.usage.completion_tokens),
  };
}

/**
 * The events of a streamed message in Anthropic's order: message_start, content_block_start, ping,
 * content_block_delta..., content_block_stop, message_delta, message_stop.
 */
export function streamEvents(meta: MessageMeta, reply: ChatReply, contentChunks?: number): SseEvent[] {
  const start = { ...messageObject(meta, reply), content: [], stop_reason: null, stop_sequence: null, usage: usage(reply, 1) };
  const events: SseEvent[] = [{ event: "message_start", data: { type: "message_start", message: start } }];
  const [blockStart, ...blockRest] = blockEvents(reply, contentChunks);
  if (blockStart !== undefined) events.push(blockStart);
  events.push(ping(), ...blockRest);
  events.push(
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: stopReason(reply), stop_sequence: reply.stopSequence },
        usage: { output_tokens: reply.usage.completion_tokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

/** content_block_start, its deltas, content_block_stop (none for an empty reply). */
function blockEvents(reply: ChatReply, contentChunks?: number): SseEvent[] {
  let startBlock: JsonObject;
  let deltas: JsonObject[];
  if (reply.toolCall !== null) {
    startBlock = { type: "tool_use", id: toolUseId(reply), name: reply.toolCall.name, input: {} };
    const args = [...reply.toolCall.arguments];
    deltas = splitEvenly(args, Math.min(TOOL_INPUT_FRAGMENTS, args.length)).map((piece) => ({ type: "input_json_delta", partial_json: piece }));
  } else if (reply.content !== null && reply.content !== "") {
    startBlock = { type: "text", text: "" };
    deltas = splitContent(reply.content, contentChunks).map((piece) => ({ type: "text_delta", text: piece }));
  } else {
    return [];
  }
  return [
    { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: startBlock } },
    ...deltas.map((delta) => ({ event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta } })),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
  ];
}

function ping(): SseEvent {
  return { event: "ping", data: { type: "ping" } };
}

export function sseFrame(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
