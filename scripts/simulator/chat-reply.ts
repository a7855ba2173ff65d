import type { ChatRequest } from "./chat-request";
import { stripDirectives, type SimDirectives } from "./directives";
import { sha256Hex } from "./prng";
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
  usage: Usage;
}

const ECHO_LIMIT = 200;

export function buildChatReply(provider: string, request: ChatRequest, directives: SimDirectives, idSeed: string): ChatReply {
  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const userText = stripDirectives(lastUser?.text ?? "");
  const lastMessage = request.messages[request.messages.length - 1];
  const promptTokens = countPromptTokens(request);

  const toolName = chooseTool(request, lastMessage?.role === "tool");
  if (toolName !== undefined) {
    const tool = request.tools.find((candidate) => candidate.name === toolName);
    const args = JSON.stringify(fillSchema(tool?.parameters, shortText(userText)));
    const toolCall = { id: `call_${sha256Hex(`${idSeed}:tool`).slice(0, 24)}`, name: toolName, arguments: args };
    return { content: null, toolCall, finishReason: "tool_calls", usage: usage(promptTokens, countTokens(toolName + args)) };
  }

  const prefix = `Simulated ${provider} ${request.model}`;
  const replyText =
    directives.reply ??
    (lastMessage?.role === "tool"
      ? `${prefix} used tool result: ${lastMessage.text.slice(0, ECHO_LIMIT)}`
      : `${prefix} reply to: ${userText.slice(0, ECHO_LIMIT)}`);
  let content = formatContent(request, replyText, userText);
  let finishReason: ChatReply["finishReason"] = "stop";
  let completionTokens = countTokens(content);
  if (request.maxTokens !== undefined && request.maxTokens < completionTokens) {
    content = truncateToTokens(content, request.maxTokens);
    completionTokens = request.maxTokens;
    finishReason = "length";
  }
  return { content, toolCall: null, finishReason, usage: usage(promptTokens, completionTokens) };
}

function chooseTool(request: ChatRequest, answeringToolResult: boolean): string | undefined {
  if (request.tools.length === 0 || request.toolChoice.kind === "none" || answeringToolResult) return undefined;
  if (request.toolChoice.kind === "named") return request.toolChoice.name;
  return request.tools[0]?.name;
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
