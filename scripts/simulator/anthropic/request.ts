import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from "../chat-request";
import { contentText } from "../chat-request";
import { isRecord } from "../json";
import { convertMessages, type Checked } from "./messages";

// Anthropic rejects unknown top-level fields ("<name>: Extra inputs are not permitted"): these are
// the Messages API's fields (the SDK 1.14 params plus the sampling ones the API reference lists).
const KNOWN_FIELDS = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "temperature",
  "top_k",
  "top_p",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "container",
  "mcp_servers",
  "context_management",
  "cache_control",
  "diagnostics",
  "inference_geo",
  "output_config",
  "speed",
  "user_profile_id",
  "workspace_id",
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/** Parses a Messages API body into the reply engine's request (the `count_tokens` body when `forCounting`). */
export function parseMessagesRequest(body: unknown, forCounting = false): Checked<ChatRequest> {
  if (!isRecord(body)) return fail("Input should be a valid dictionary");
  const extra = Object.keys(body).find((key) => !KNOWN_FIELDS.has(key) || (forCounting && ["max_tokens", "stream"].includes(key)));
  if (extra !== undefined) return fail(`${extra}: Extra inputs are not permitted`);
  if (typeof body.model !== "string" || body.model === "") return fail("model: Field required");
  const maxTokens = forCounting ? ok(undefined) : parseMaxTokens(body.max_tokens);
  if (!maxTokens.ok) return maxTokens;
  const system = parseSystem(body.system);
  if (!system.ok) return system;
  const messages = convertMessages(body.messages);
  if (!messages.ok) return messages;
  const tools = parseTools(body.tools);
  if (!tools.ok) return tools;
  const toolChoice = parseToolChoice(body.tool_choice, tools.value);
  if (!toolChoice.ok) return toolChoice;
  const stops = parseStopSequences(body.stop_sequences);
  if (!stops.ok) return stops;
  const problem = samplingProblem(body);
  if (problem !== undefined) return fail(problem);
  if (body.stream !== undefined && typeof body.stream !== "boolean") return fail("stream: Input should be a valid boolean");
  const responseFormat = parseOutputFormat(body.output_config);
  if (!responseFormat.ok) return responseFormat;
  return ok({
    model: body.model,
    messages: [...system.value, ...messages.value],
    stream: body.stream === true,
    includeUsage: false,
    maxTokens: maxTokens.value,
    tools: tools.value,
    toolChoice: toolChoice.value,
    responseFormat: responseFormat.value,
    stopSequences: stops.value,
  });
}

function parseMaxTokens(value: unknown): Checked<number | undefined> {
  if (value === undefined || value === null) return fail("max_tokens: Field required");
  if (typeof value !== "number" || !Number.isInteger(value)) return fail("max_tokens: Input should be a valid integer");
  if (value < 1) return fail("max_tokens: Input should be greater than or equal to 1");
  return ok(value);
}

function parseSystem(value: unknown): Checked<ChatMessage[]> {
  if (value === undefined || value === null) return ok([]);
  if (typeof value === "string") return ok(value === "" ? [] : [{ role: "system", text: value, toolCallText: "" }]);
  if (!Array.isArray(value) || !value.every((block) => isRecord(block) && block.type === "text" && typeof block.text === "string")) {
    return fail("system: Input should be a valid string or a list of text blocks");
  }
  return ok([{ role: "system", text: contentText(value), toolCallText: "" }]);
}

/** Custom tools (`{name, description, input_schema}`) can be called; server tools are accepted and never called. */
function parseTools(value: unknown): Checked<ToolDefinition[]> {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value)) return fail("tools: Input should be a valid list");
  const tools: ToolDefinition[] = [];
  for (const [index, tool] of value.entries()) {
    if (!isRecord(tool)) return fail(`tools.${index}: Input should be a valid dictionary`);
    if (tool.type !== undefined && tool.type !== "custom") {
      if (typeof tool.name !== "string") return fail(`tools.${index}.name: Field required`);
      continue;
    }
    if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) {
      return fail(`tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    if (!isRecord(tool.input_schema)) return fail(`tools.${index}.custom.input_schema: Field required`);
    if (tool.input_schema.type !== "object") return fail(`tools.${index}.custom.input_schema.type: Input should be 'object'`);
    tools.push({ name: tool.name, parameters: tool.input_schema });
  }
  return ok(tools);
}

function parseToolChoice(value: unknown, tools: ToolDefinition[]): Checked<ToolChoice> {
  if (value === undefined || value === null) return ok({ kind: "auto" });
  if (!isRecord(value)) return fail("tool_choice: Input should be a valid dictionary");
  switch (value.type) {
    case "auto":
      return ok({ kind: "auto" });
    case "none":
      return ok({ kind: "none" });
    case "any":
      return tools.length > 0 ? ok({ kind: "auto" }) : fail("tool_choice: tool_choice may only be specified while providing tools.");
    case "tool":
      if (typeof value.name !== "string") return fail("tool_choice.tool.name: Field required");
      if (!tools.some((tool) => tool.name === value.name)) return fail(`tool_choice: Tool '${value.name}' not found in provided tools`);
      return ok({ kind: "named", name: value.name });
    default:
      return fail(
        `tool_choice: Input tag '${String(value.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      );
  }
}

function parseStopSequences(value: unknown): Checked<string[]> {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value) || !value.every((entry): entry is string => typeof entry === "string")) {
    return fail("stop_sequences: Input should be a valid list of strings");
  }
  return ok(value);
}

/** Structured outputs: `output_config.format` `{type:"json_schema", schema}` makes the reply a JSON text filling the schema. */
function parseOutputFormat(value: unknown): Checked<ResponseFormat> {
  const format = isRecord(value) ? value.format : undefined;
  if (format === undefined || format === null) return ok({ type: "text" });
  if (!isRecord(format) || format.type !== "json_schema" || !isRecord(format.schema)) {
    return fail("output_config.format: Input should be a valid dictionary with type 'json_schema' and a schema");
  }
  return ok({ type: "json_schema", schema: format.schema });
}

function samplingProblem(body: Record<string, unknown>): string | undefined {
  for (const [name, max] of [
    ["temperature", 1],
    ["top_p", 1],
  ] as const) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number") return `${name}: Input should be a valid number`;
    if (value < 0) return `${name}: Input should be greater than or equal to 0`;
    if (value > max) return `${name}: Input should be less than or equal to ${max}`;
  }
  return undefined;
}

function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
