import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { type AnthropicMessage, invalid, translateConversation } from "./messages";

interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

type ToolChoice =
  | { type: "auto" | "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

/** The body of `POST /v1/messages`. */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  tools?: AnthropicTool[];
  tool_choice?: ToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  metadata?: { user_id: string };
  stream?: true;
}

function translateTools(tools: NonNullable<ChatCompletionRequest["tools"]>): AnthropicTool[] {
  return tools.map((tool, index) => {
    if (tool.type !== "function") return invalid("This provider supports only function tools.", `tools[${index}].type`);
    const { name, description, parameters } = tool.function;
    return {
      name,
      ...(description === undefined ? {} : { description }),
      input_schema: parameters ?? { type: "object", properties: {} },
    };
  });
}

function translateToolChoice(request: ChatCompletionRequest): ToolChoice | undefined {
  const choice = request.tool_choice;
  const serial = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === "none") return { type: "none" };
  if (choice === undefined || choice === "auto") return request.parallel_tool_calls === false ? { type: "auto", ...serial } : undefined;
  if (choice === "required") return { type: "any", ...serial };
  if (choice.type === "function") return { type: "tool", name: choice.function.name, ...serial };
  return invalid(`tool_choice of type '${choice.type}' is not supported by this provider.`, "tool_choice");
}

/**
 * An OpenAI chat request as an Anthropic Messages request. What Anthropic cannot do is refused
 * with a 400 naming the parameter; sampling options it lacks (`seed`, penalties, `logit_bias`,
 * `logprobs`) are dropped. `temperature` is clamped to Anthropic's 0..1: OpenAI's scale reaches 2,
 * and clamping keeps "as random as possible" meaning that, where rescaling would shift every value.
 */
export function translateRequest(request: ChatCompletionRequest, upstreamModel: string, defaultMaxTokens: number): AnthropicRequestBody {
  if (typeof request.n === "number" && request.n > 1) return invalid("This provider returns one choice per request: 'n' must be 1.", "n");
  const format = request.response_format?.type;
  if (format === "json_object" || format === "json_schema") return invalid("This provider has no JSON mode.", "response_format");

  const { system, messages } = translateConversation(request.messages);
  const tools = request.tools && request.tools.length > 0 ? translateTools(request.tools) : undefined;
  const toolChoice = tools ? translateToolChoice(request) : undefined;
  const stop = typeof request.stop === "string" ? [request.stop] : request.stop;
  const temperature = request.temperature;

  return {
    model: upstreamModel,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    messages,
    ...(system === null ? {} : { system }),
    ...(tools ? { tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(stop && stop.length > 0 ? { stop_sequences: stop } : {}),
    ...(typeof temperature === "number" ? { temperature: Math.min(temperature, 1) } : {}),
    ...(typeof request.top_p === "number" ? { top_p: request.top_p } : {}),
    ...(request.user ? { metadata: { user_id: request.user } } : {}),
    ...(request.stream ? { stream: true as const } : {}),
  };
}
