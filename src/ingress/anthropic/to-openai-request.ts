import type { ChatCompletionRequest, ChatMessage } from "../../schemas/openai/chat";
import { compactContent, type OpenAIContentPart, partsOf, refuse, textPart } from "./content-parts";
import type { AnthropicMessage, AnthropicMessagesRequest } from "./request-schema";

type ToolCall = NonNullable<Extract<ChatMessage, { role: "assistant" }>["tool_calls"]>[number];
type FunctionTool = Extract<NonNullable<ChatCompletionRequest["tools"]>[number], { type: "function" }>;
type ToolResultBlock = Extract<AnthropicMessage["content"][number], { type: "tool_result" }>;

/**
 * Translates an Anthropic Messages request into the gateway's internal OpenAI chat request. What
 * has no OpenAI equivalent is either dropped where that is harmless (`top_k`, thinking blocks,
 * `cache_control`) or refused with a 400 (server tools, URL and Files API documents), never
 * silently changed in meaning. Throws a `GatewayError` (`invalid_request`) for refusals.
 *
 * - `top_k` is dropped: OpenAI's API has no such parameter, and sampling still works without it.
 * - A `tool_result` becomes a `tool` message; its text blocks are joined with "\n". With
 *   `is_error: true` the text is prefixed with "Error: " (unless it already starts with "error"),
 *   since OpenAI's tool message has no error flag and the model should still know the call failed.
 *   Images and PDFs inside a tool result cannot ride in a `tool` message: they follow the tool
 *   messages in a user message, ahead of that turn's own content.
 * - `system` text blocks are joined with "\n\n" into one system message.
 * - Thinking and redacted-thinking blocks are dropped (they are only meaningful to Anthropic).
 */
export function toOpenAIRequest(request: AnthropicMessagesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  const system = (request.system ?? []).map((block) => block.text).join("\n\n");
  if (system !== "") messages.push({ role: "system", content: system });
  request.messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    messages.push(...(message.role === "user" ? userMessages(message, param) : assistantMessages(message, param)));
  });

  const out: ChatCompletionRequest = { model: request.model, messages, max_tokens: request.max_tokens };
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.top_p !== undefined) out.top_p = request.top_p;
  if (request.stop_sequences && request.stop_sequences.length > 0) out.stop = [...request.stop_sequences];
  const user = request.metadata?.user_id;
  if (typeof user === "string" && user !== "") out.user = user;
  if (request.stream === true) {
    out.stream = true;
    // Anthropic's message_delta carries usage, so the gateway always needs the usage chunk.
    out.stream_options = { include_usage: true };
  }
  Object.assign(out, toolFields(request));
  return out;
}

/** A user turn: its tool results first, as `tool` messages, then its text, images and documents. */
function userMessages(message: AnthropicMessage, param: string): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: OpenAIContentPart[] = [];
  message.content.forEach((block, index) => {
    const blockParam = `${param}.content[${index}]`;
    switch (block.type) {
      case "text":
      case "image":
      case "document":
        parts.push(...partsOf(block, blockParam));
        return;
      case "tool_result": {
        const result = toolResult(block, blockParam);
        toolMessages.push(result.message);
        parts.push(...result.carried);
        return;
      }
      case "tool_use":
        return refuse("A tool_use block can only appear in an assistant message.", `${blockParam}.type`);
      case "thinking":
      case "redacted_thinking":
        return;
    }
  });
  if (parts.length === 0 && toolMessages.length > 0) return toolMessages;
  return [...toolMessages, { role: "user", content: compactContent(parts.length > 0 ? parts : [textPart("")]) }];
}

function toolResult(block: ToolResultBlock, param: string): { message: ChatMessage; carried: OpenAIContentPart[] } {
  const texts: string[] = [];
  const carried: OpenAIContentPart[] = [];
  (block.content ?? []).forEach((inner, index) => {
    for (const part of partsOf(inner, `${param}.content[${index}]`)) {
      if (part.type === "text") texts.push(part.text);
      else carried.push(part);
    }
  });
  let content = texts.join("\n");
  if (block.is_error === true && !/^error\b/i.test(content)) content = content === "" ? "Error" : `Error: ${content}`;
  return { message: { role: "tool", tool_call_id: block.tool_use_id, content }, carried };
}

/** An assistant turn: its text and tool calls in one message; nothing if only thinking was left. */
function assistantMessages(message: AnthropicMessage, param: string): ChatMessage[] {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  message.content.forEach((block, index) => {
    const blockParam = `${param}.content[${index}]`;
    switch (block.type) {
      case "text":
        texts.push(block.text);
        return;
      case "tool_use":
        toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input) } });
        return;
      case "thinking":
      case "redacted_thinking":
        return;
      case "image":
      case "document":
      case "tool_result":
        return refuse(`A ${block.type} block can only appear in a user message.`, `${blockParam}.type`);
    }
  });
  if (texts.length === 0 && toolCalls.length === 0) return [];
  const content = texts.length === 0 ? null : compactContent(texts.map(textPart));
  return [toolCalls.length > 0 ? { role: "assistant", content, tool_calls: toolCalls } : { role: "assistant", content }];
}

/**
 * Custom tools become function tools. Server tools (web search, code execution, ...) run inside
 * Anthropic's API and no other provider can run them: refused. `tool_choice` and
 * `parallel_tool_calls` are only sent with tools, as OpenAI rejects them otherwise.
 */
function toolFields(request: AnthropicMessagesRequest): Partial<ChatCompletionRequest> {
  const tools: FunctionTool[] = (request.tools ?? []).map((tool, index) => {
    if (tool.type !== undefined && tool.type !== null && tool.type !== "custom") {
      refuse(
        `Tool type '${tool.type}' is an Anthropic server tool, which this gateway does not support; only custom tools with an input_schema are.`,
        `tools[${index}].type`,
      );
    }
    if (tool.input_schema === undefined) refuse("A custom tool needs an input_schema.", `tools[${index}].input_schema`);
    const fn: FunctionTool["function"] = { name: tool.name, parameters: tool.input_schema };
    if (tool.description !== undefined) fn.description = tool.description;
    return { type: "function", function: fn };
  });
  const choice = request.tool_choice;
  if (tools.length === 0) {
    if (choice && (choice.type === "any" || choice.type === "tool")) {
      refuse(`tool_choice '${choice.type}' needs at least one tool in 'tools'.`, "tool_choice");
    }
    return {};
  }
  const fields: Partial<ChatCompletionRequest> = { tools };
  if (!choice) return fields;
  switch (choice.type) {
    case "auto":
      fields.tool_choice = "auto";
      break;
    case "any":
      fields.tool_choice = "required";
      break;
    case "none":
      fields.tool_choice = "none";
      return fields;
    case "tool":
      if (!tools.some((tool) => tool.function.name === choice.name)) {
        refuse(`tool_choice names '${choice.name}', which is not in 'tools'.`, "tool_choice.name");
      }
      fields.tool_choice = { type: "function", function: { name: choice.name } };
      break;
  }
  if (choice.disable_parallel_tool_use === true) fields.parallel_tool_calls = false;
  return fields;
}
