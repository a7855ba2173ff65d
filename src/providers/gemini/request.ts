import { GatewayError } from "../../errors/gateway-error";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { type GeminiConversation, toGeminiConversation } from "./messages";

type Tools = NonNullable<ChatCompletionRequest["tools"]>;
type ToolChoice = NonNullable<ChatCompletionRequest["tool_choice"]>;

interface FunctionDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly parametersJsonSchema?: Record<string, unknown>;
}

interface FunctionCallingConfig {
  readonly mode: "AUTO" | "ANY" | "NONE";
  readonly allowedFunctionNames?: readonly string[];
}

/** The `generateContent` request body the gateway sends. */
export interface GeminiChatBody extends Omit<GeminiConversation, "systemInstruction"> {
  readonly systemInstruction?: GeminiConversation["systemInstruction"];
  readonly tools?: readonly [{ readonly functionDeclarations: readonly FunctionDeclaration[] }];
  readonly toolConfig?: { readonly functionCallingConfig: FunctionCallingConfig };
  readonly generationConfig?: Record<string, unknown>;
}

function unsupported(message: string, param: string): GatewayError {
  return new GatewayError({ kind: "invalid_request", message, param });
}

/**
 * Tools go out as `parametersJsonSchema`, which takes JSON Schema as written (`additionalProperties`,
 * `$ref`, `anyOf` included), rather than `parameters`, Gemini's OpenAPI subset, which rejects such
 * keys: nothing is stripped, so the model sees the schema the client wrote.
 */
function functionDeclarations(tools: Tools): FunctionDeclaration[] {
  return tools.map((tool, i) => {
    if (tool.type !== "function") throw unsupported("Gemini targets support function tools only.", `tools[${i}]`);
    const { name, description, parameters } = tool.function;
    return {
      name,
      ...(description !== undefined ? { description } : {}),
      ...(parameters !== undefined ? { parametersJsonSchema: parameters } : {}),
    };
  });
}

function functionCallingConfig(choice: ToolChoice): FunctionCallingConfig {
  if (choice === "auto") return { mode: "AUTO" };
  if (choice === "required") return { mode: "ANY" };
  if (choice === "none") return { mode: "NONE" };
  if (choice.type === "function") return { mode: "ANY", allowedFunctionNames: [choice.function.name] };
  throw unsupported(`tool_choice of type "${choice.type}" is not supported by Gemini targets.`, "tool_choice");
}

const numberField = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

function generationConfig(request: ChatCompletionRequest): Record<string, unknown> {
  // One choice per answer is all the gateway returns; asking Gemini for more would bill unseen ones.
  if (request.n !== undefined && request.n !== null && request.n > 1) {
    throw unsupported("Gemini targets return a single choice: n must be 1.", "n");
  }
  const stop = request.stop;
  const format = request.response_format;
  const config: Record<string, unknown> = {
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stopSequences: stop === null || stop === undefined ? undefined : typeof stop === "string" ? [stop] : stop,
    seed: numberField(request.seed),
    presencePenalty: numberField(request.presence_penalty),
    frequencyPenalty: numberField(request.frequency_penalty),
  };
  if (format?.type === "json_object" || format?.type === "json_schema") config.responseMimeType = "application/json";
  if (format?.type === "json_schema" && format.json_schema.schema !== undefined) config.responseJsonSchema = format.json_schema.schema;
  for (const key of Object.keys(config)) if (config[key] === undefined) delete config[key];
  return config;
}

/** An OpenAI chat request as a Gemini `generateContent` body (the model goes in the URL). */
export function toGeminiChatBody(request: ChatCompletionRequest): GeminiChatBody {
  const { systemInstruction, contents } = toGeminiConversation(request.messages);
  const tools = request.tools && request.tools.length > 0 ? functionDeclarations(request.tools) : null;
  const config = generationConfig(request);
  return {
    contents,
    ...(systemInstruction ? { systemInstruction } : {}),
    ...(tools ? { tools: [{ functionDeclarations: tools }] as const } : {}),
    ...(tools && request.tool_choice !== undefined ? { toolConfig: { functionCallingConfig: functionCallingConfig(request.tool_choice) } } : {}),
    ...(Object.keys(config).length > 0 ? { generationConfig: config } : {}),
  };
}
