import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from "../chat-request";
import { isRecord } from "../json";
import { convertContents, type Checked } from "./contents";
import { field, unknownField, unknownFieldMessage } from "./fields";

export interface GeminiRequest {
  chat: ChatRequest;
  candidateCount: number;
}

const REQUEST_FIELDS = ["model", "contents", "tools", "toolConfig", "safetySettings", "systemInstruction", "generationConfig", "cachedContent"];
const GENERATION_FIELDS = [
  "stopSequences",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "responseModalities",
  "candidateCount",
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "seed",
  "presencePenalty",
  "frequencyPenalty",
  "responseLogprobs",
  "logprobs",
  "enableEnhancedCivicAnswers",
  "speechConfig",
  "thinkingConfig",
  "imageConfig",
  "mediaResolution",
];
const MIME_TYPES = new Set(["text/plain", "application/json", "text/x.enum"]);
const MODES = new Set(["MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED"]);
const WHERE = "GenerateContentRequest";

/** Parses a GenerateContentRequest (for `model`, taken from the URL) into the reply engine's request. */
export function parseGenerateRequest(body: unknown, model: string, stream: boolean): Checked<GeminiRequest> {
  if (!isRecord(body)) return fail("Invalid JSON payload received. Expected an object.");
  const unknown = unknownField(body, REQUEST_FIELDS);
  if (unknown !== undefined) return fail(unknownFieldMessage(unknown));
  const system = parseSystemInstruction(field(body, "systemInstruction"));
  if (!system.ok) return system;
  const messages = convertContents(body.contents);
  if (!messages.ok) return messages;
  const tools = parseTools(body.tools);
  if (!tools.ok) return tools;
  const toolChoice = parseToolConfig(field(body, "toolConfig"), tools.value);
  if (!toolChoice.ok) return toolChoice;
  const config = field(body, "generationConfig") ?? {};
  if (!isRecord(config)) return fail(`Invalid value at 'generation_config' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig)`);
  const unknownConfig = unknownField(config, GENERATION_FIELDS);
  if (unknownConfig !== undefined) return fail(unknownFieldMessage(unknownConfig, "generation_config"));
  const generation = parseGenerationConfig(config);
  if (!generation.ok) return generation;
  return ok({
    candidateCount: generation.value.candidateCount,
    chat: {
      model,
      messages: [...system.value, ...messages.value],
      stream,
      includeUsage: false,
      maxTokens: generation.value.maxTokens,
      tools: tools.value,
      toolChoice: toolChoice.value,
      responseFormat: generation.value.responseFormat,
      stopSequences: generation.value.stopSequences,
    },
  });
}

function parseSystemInstruction(value: unknown): Checked<ChatMessage[]> {
  if (value === undefined || value === null) return ok([]);
  const parts = isRecord(value) ? value.parts : undefined;
  if (!Array.isArray(parts)) return fail(`* ${WHERE}.system_instruction.parts: must be a list of parts\n`);
  const text = parts.flatMap((part) => (isRecord(part) && typeof part.text === "string" ? [part.text] : [])).join("\n");
  return ok(text === "" ? [] : [{ role: "system", text, toolCallText: "" }]);
}

/** `functionDeclarations` can be called; other tools (googleSearch, codeExecution, ...) are accepted and never called. */
function parseTools(value: unknown): Checked<ToolDefinition[]> {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value)) return fail(`Invalid value at 'tools', expected a list`);
  const tools: ToolDefinition[] = [];
  for (const [index, tool] of value.entries()) {
    if (!isRecord(tool)) return fail(`Invalid value at 'tools[${index}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.Tool)`);
    const declarations = field(tool, "functionDeclarations") ?? [];
    if (!Array.isArray(declarations)) return fail(`Invalid value at 'tools[${index}].function_declarations', expected a list`);
    for (const [position, declaration] of declarations.entries()) {
      const name = isRecord(declaration) ? declaration.name : undefined;
      if (!isRecord(declaration) || typeof name !== "string" || !/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/.test(name)) {
        return fail(`* ${WHERE}.tools[${index}].function_declarations[${position}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 128.\n`);
      }
      tools.push({ name, parameters: declaration.parameters ?? field(declaration, "parametersJsonSchema") });
    }
  }
  return ok(tools);
}

function parseToolConfig(value: unknown, tools: ToolDefinition[]): Checked<ToolChoice> {
  const config = isRecord(value) ? field(value, "functionCallingConfig") : undefined;
  if (!isRecord(config)) return ok({ kind: "auto" });
  const mode = config.mode ?? "AUTO";
  if (typeof mode !== "string" || !MODES.has(mode)) {
    return fail(`Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), "${String(mode)}"`);
  }
  const allowed = field(config, "allowedFunctionNames");
  if (allowed !== undefined) {
    if (mode !== "ANY" && mode !== "VALIDATED") {
      return fail(`* ${WHERE}.tool_config.function_calling_config.allowed_function_names: allowed_function_names should only be set when the Mode is ANY.\n`);
    }
    if (!Array.isArray(allowed) || !allowed.every((name) => typeof name === "string" && tools.some((tool) => tool.name === name))) {
      return fail(`* ${WHERE}.tool_config.function_calling_config.allowed_function_names: every name must be a declared function.\n`);
    }
  }
  if (mode === "NONE") return ok({ kind: "none" });
  const first = Array.isArray(allowed) ? allowed[0] : undefined;
  return ok(typeof first === "string" ? { kind: "named", name: first } : { kind: "auto" });
}

interface Generation {
  maxTokens: number | undefined;
  stopSequences: string[];
  candidateCount: number;
  responseFormat: ResponseFormat;
}

function parseGenerationConfig(config: Record<string, unknown>): Checked<Generation> {
  const maxTokens = field(config, "maxOutputTokens");
  if (maxTokens !== undefined && (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return fail(`* ${WHERE}.generation_config.max_output_tokens: max_output_tokens must be positive.\n`);
  }
  const stops = field(config, "stopSequences") ?? [];
  if (!Array.isArray(stops) || !stops.every((stop): stop is string => typeof stop === "string") || stops.length > 5) {
    return fail(`* ${WHERE}.generation_config.stop_sequences: at most 5 stop sequences (strings) are allowed.\n`);
  }
  const count = field(config, "candidateCount") ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 8) {
    return fail(`* ${WHERE}.generation_config.candidate_count: must be between 1 and 8.\n`);
  }
  const mime = field(config, "responseMimeType") ?? "text/plain";
  if (typeof mime !== "string" || !MIME_TYPES.has(mime)) {
    return fail(`* ${WHERE}.generation_config.response_mime_type: allowed mimetypes are \`text/plain\`, \`application/json\`, and \`text/x.enum\`.\n`);
  }
  const schema = field(config, "responseSchema") ?? field(config, "responseJsonSchema");
  if (schema !== undefined && mime === "text/plain") {
    return fail(`* ${WHERE}.generation_config.response_mime_type: response_mime_type must be application/json or text/x.enum when a response schema is set.\n`);
  }
  let responseFormat: ResponseFormat = { type: "text" };
  if (mime === "application/json") responseFormat = schema === undefined ? { type: "json_object" } : { type: "json_schema", schema };
  return ok({ maxTokens: typeof maxTokens === "number" ? maxTokens : undefined, stopSequences: stops, candidateCount: count, responseFormat });
}

function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
