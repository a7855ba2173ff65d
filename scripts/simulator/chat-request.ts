import { badRequest, type SimError } from "./errors";
import { isRecord } from "./json";

export interface ChatMessage {
  role: string;
  text: string;
  /** Extra tokens from an assistant message's tool calls, counted in prompt usage. */
  toolCallText: string;
}

export interface ToolDefinition {
  name: string;
  parameters: unknown;
}

export type ToolChoice = { kind: "none" } | { kind: "auto" } | { kind: "named"; name: string };
export type ResponseFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; schema: unknown };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  /** Generation stops before the first of these (Anthropic `stop_sequences`, Gemini `stopSequences`). */
  stopSequences?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: SimError };

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

export function parseChatRequest(body: unknown): Parsed<ChatRequest> {
  if (!isRecord(body)) return fail(badRequest("The request body must be a JSON object.", null, "invalid_type"));
  if (typeof body.model !== "string" || body.model === "") {
    return fail(badRequest("you must provide a model parameter", "model", "missing_required_parameter"));
  }
  const messages = parseMessages(body.messages);
  if (!messages.ok) return messages;
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    return fail(badRequest("Invalid type for 'stream': expected a boolean.", "stream", "invalid_type"));
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    return fail(badRequest("The simulator only supports n=1.", "n", "invalid_value"));
  }
  const maxTokens = parseMaxTokens(body);
  if (!maxTokens.ok) return maxTokens;
  const tools = parseTools(body.tools);
  if (!tools.ok) return tools;
  const toolChoice = parseToolChoice(body.tool_choice, tools.value);
  if (!toolChoice.ok) return toolChoice;
  const responseFormat = parseResponseFormat(body.response_format);
  if (!responseFormat.ok) return responseFormat;
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    ok: true,
    value: {
      model: body.model,
      messages: messages.value,
      stream: body.stream === true,
      includeUsage: body.stream === true && streamOptions.include_usage === true,
      maxTokens: maxTokens.value,
      tools: tools.value,
      toolChoice: toolChoice.value,
      responseFormat: responseFormat.value,
    },
  };
}

/** The text of a message's content: a plain string, or the `text` parts of a content-part array. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && typeof part.text === "string" && (part.type === "text" || part.type === undefined)) {
      texts.push(part.text);
    }
  }
  return texts.join("\n");
}

function parseMessages(value: unknown): Parsed<ChatMessage[]> {
  if (value === undefined || value === null) {
    return fail(badRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"));
  }
  if (!Array.isArray(value)) return fail(badRequest("Invalid type for 'messages': expected an array.", "messages", "invalid_type"));
  if (value.length === 0) {
    return fail(badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages", "empty_array"));
  }
  const messages: ChatMessage[] = [];
  for (const [index, entry] of value.entries()) {
    if (!isRecord(entry) || typeof entry.role !== "string" || !ROLES.has(entry.role)) {
      return fail(badRequest(`Invalid 'messages[${index}]': expected an object with a valid role.`, `messages[${index}].role`, "invalid_value"));
    }
    const toolCallText = Array.isArray(entry.tool_calls) ? JSON.stringify(entry.tool_calls) : "";
    messages.push({ role: entry.role, text: contentText(entry.content), toolCallText });
  }
  return { ok: true, value: messages };
}

function parseMaxTokens(body: Record<string, unknown>): Parsed<number | undefined> {
  for (const param of ["max_completion_tokens", "max_tokens"]) {
    const value = body[param];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      return fail(badRequest(`Invalid '${param}': expected an integer of at least 1.`, param, "invalid_value"));
    }
    return { ok: true, value };
  }
  return { ok: true, value: undefined };
}

function parseTools(value: unknown): Parsed<ToolDefinition[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) return fail(badRequest("Invalid type for 'tools': expected an array.", "tools", "invalid_type"));
  const tools: ToolDefinition[] = [];
  for (const [index, entry] of value.entries()) {
    const fn = isRecord(entry) ? entry.function : undefined;
    if (!isRecord(entry) || entry.type !== "function" || !isRecord(fn) || typeof fn.name !== "string") {
      return fail(badRequest(`Invalid 'tools[${index}]': expected a function tool with a name.`, `tools[${index}]`, "invalid_value"));
    }
    tools.push({ name: fn.name, parameters: fn.parameters });
  }
  return { ok: true, value: tools };
}

function parseToolChoice(value: unknown, tools: ToolDefinition[]): Parsed<ToolChoice> {
  if (value === undefined || value === null || value === "auto" || value === "required") {
    if ((value === "auto" || value === "required") && tools.length === 0) return toolChoiceWithoutTools();
    return { ok: true, value: { kind: "auto" } };
  }
  if (value === "none") return { ok: true, value: { kind: "none" } };
  const fn = isRecord(value) ? value.function : undefined;
  if (!isRecord(value) || value.type !== "function" || !isRecord(fn) || typeof fn.name !== "string") {
    return fail(badRequest("Invalid 'tool_choice'.", "tool_choice", "invalid_value"));
  }
  if (tools.length === 0) return toolChoiceWithoutTools();
  if (!tools.some((tool) => tool.name === fn.name)) {
    return fail(badRequest(`Invalid 'tool_choice': no tool named '${fn.name}'.`, "tool_choice", "invalid_value"));
  }
  return { ok: true, value: { kind: "named", name: fn.name } };
}

function toolChoiceWithoutTools(): Parsed<ToolChoice> {
  return fail(badRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice", "invalid_value"));
}

function parseResponseFormat(value: unknown): Parsed<ResponseFormat> {
  if (value === undefined || value === null) return { ok: true, value: { type: "text" } };
  if (isRecord(value) && (value.type === "text" || value.type === "json_object")) return { ok: true, value: { type: value.type } };
  if (isRecord(value) && value.type === "json_schema" && isRecord(value.json_schema)) {
    return { ok: true, value: { type: "json_schema", schema: value.json_schema.schema } };
  }
  return fail(badRequest("Invalid 'response_format'.", "response_format", "invalid_value"));
}

function fail<T>(error: SimError): Parsed<T> {
  return { ok: false, error };
}
