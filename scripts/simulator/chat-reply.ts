import type { ChatRequest } from "./chat-request";
import { stripDirectives, type SimDirectives } from "./directives";
import { sha256Hex } from "./prng";
import { PROMPT_GUARD_MODEL, promptGuardVerdict } from "./prompt-guard";
import { fillSchema } from "./schema-fill";
import { countTokens, truncateToTokens } from "./tokens";

// A type alias (not an interface) so it is assignable to JsonValue.
export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
};

export interface ToolCallReply {
  id: string;
  name: string;
  arguments: string;
}

/** What the simulated model "says", independent of whether it is sent streamed or whole. */
export interface ChatReply {
  content: string | null;
  toolCall: ToolCallReply | null;
  finishReason: "stop" | "length" | "tool_calls";
  /** The stop sequence that ended the reply (then finishReason is "stop"). */
  stopSequence: string | null;
  usage: Usage;
  /** `cache_read=<n>`: prompt tokens to report as read from the prompt cache. */
  cachedTokens: number | undefined;
}

const ECHO_LIMIT = 200;

export function buildChatReply(provider: string, request: ChatRequest, directives: SimDirectives, idSeed: string): ChatReply {
  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const userText = stripDirectives(lastUser?.text ?? "");
  const lastMessage = request.messages[request.messages.length - 1];
  const promptTokens = countPromptTokens(request);
  const cachedTokens = directives.cacheRead;

  if (request.model === PROMPT_GUARD_MODEL) {
    // `reply=` stands in for a classifier that answers something other than its verdict.
    const content = directives.reply ?? JSON.stringify(promptGuardVerdict(request));
    return { content, toolCall: null, finishReason: "stop", stopSequence: null, usage: usage(promptTokens, countTokens(content)), cachedTokens };
  }

  const toolName = directives.callTool ?? chooseTool(request, lastMessage?.role === "tool");
  if (toolName !== undefined) {
    const tool = request.tools.find((candidate) => candidate.name === toolName);
    const args = JSON.stringify(fillSchema(tool?.parameters, shortText(userText)));
    const toolCall = { id: `call_${sha256Hex(`${idSeed}:tool`).slice(0, 24)}`, name: toolName, arguments: args };
    const completionTokens = countTokens(toolName + args);
    return { content: null, toolCall, finishReason: "tool_calls", stopSequence: null, usage: usage(promptTokens, completionTokens), cachedTokens };
  }

  const prefix = `Simulated ${provider} ${request.model}`;
  const replyText =
    directives.reply ??
    (lastMessage?.role === "tool"
      ? `${prefix} used tool result: ${lastMessage.text.slice(0, ECHO_LIMIT)}`
      : `${prefix} reply to: ${userText.slice(0, ECHO_LIMIT)}`);
  let content = formatContent(request, replyText, userText);
  let finishReason: ChatReply["finishReason"] = "stop";
  const stop = firstStop(content, request.stopSequences ?? []);
  let stopSequence = stop?.sequence ?? null;
  if (stop !== undefined) content = content.slice(0, stop.index);
  let completionTokens = countTokens(content);
  if (request.maxTokens !== undefined && request.maxTokens < completionTokens) {
    content = truncateToTokens(content, request.maxTokens);
    completionTokens = request.maxTokens;
    finishReason = "length";
    stopSequence = null;
  }
  return { content, toolCall: null, finishReason, stopSequence, usage: usage(promptTokens, completionTokens), cachedTokens };
}

function chooseTool(request: ChatRequest, answeringToolResult: boolean): string | undefined {
  if (request.tools.length === 0 || request.toolChoice.kind === "none" || answeringToolResult) return undefined;
  if (request.toolChoice.kind === "named") return request.toolChoice.name;
  return request.tools[0]?.name;
}

/** The earliest occurrence of any stop sequence in `text`. */
function firstStop(text: string, sequences: string[]): { index: number; sequence: string } | undefined {
  let best: { index: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const index = sequence === "" ? -1 : text.indexOf(sequence);
    if (index >= 0 && (best === undefined || index < best.index)) best = { index, sequence };
  }
  return best;
}

function formatContent(request: ChatRequest, replyText: string, userText: string): string {
  switch (request.responseFormat.type) {
    case "json_object":
      return JSON.stringify({ reply: replyText });
    case "json_schema":
      return JSON.stringify(fillSchema(request.responseFormat.schema, shortText(userText)));
    default:
      return replyText;
  }
}

/** A short deterministic string for schema-filled string values: the first few words of the prompt. */
function shortText(userText: string): string {
  const words = userText.split(/\s+/).filter((word) => word !== "").slice(0, 4).join(" ");
  return words === "" ? "simulated" : words.slice(0, 40);
}

// Mirrors OpenAI's accounting shape: a few tokens of overhead per message plus priming.
function countPromptTokens(request: ChatRequest): number {
  let total = 3;
  for (const message of request.messages) total += 4 + countTokens(message.text) + countTokens(message.toolCallText);
  if (request.tools.length > 0) total += countTokens(JSON.stringify(request.tools));
  return total;
}

function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
