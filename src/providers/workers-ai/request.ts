import type { ChatCompletionRequest, ChatMessage } from "../../schemas/openai/chat";
import type { UpstreamCall, WorkersAIUpstreamRequest } from "../contract";

type Content = Extract<ChatMessage, { role: "user" }>["content"];

function textOf(content: Content | null | undefined): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

function message(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(message.content) };
    case "user":
      return { role: "user", content: textOf(message.content) };
    case "assistant":
      return {
        role: "assistant",
        content: textOf(message.content),
        ...(message.tool_calls && message.tool_calls.length > 0 ? { tool_calls: message.tool_calls } : {}),
      };
    case "tool":
      return { role: "tool", content: textOf(message.content), tool_call_id: message.tool_call_id };
    case "function":
      return { role: "tool", content: message.content ?? "", name: message.name };
  }
}

function responseFormat(request: ChatCompletionRequest): Record<string, unknown> | undefined {
  const format = request.response_format;
  if (format?.type === "json_object") return { type: "json_object" };
  if (format?.type === "json_schema") return { type: "json_schema", json_schema: format.json_schema.schema ?? {} };
  return undefined;
}

/** An OpenAI chat request as Workers AI text-generation inputs (its messages carry text only). */
export function workersAIChatRequest(request: ChatCompletionRequest, call: UpstreamCall): WorkersAIUpstreamRequest {
  const tools = request.tools?.flatMap((tool) =>
    tool.type === "function"
      ? [{ type: "function", function: { description: "", parameters: { type: "object", properties: {}, required: [] }, ...tool.function } }]
      : [],
  );
  const inputs: Record<string, unknown> = {
    messages: request.messages.map(message),
    stream: request.stream === true,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    top_p: request.top_p ?? undefined,
    seed: typeof request.seed === "number" ? request.seed : undefined,
    frequency_penalty: typeof request.frequency_penalty === "number" ? request.frequency_penalty : undefined,
    presence_penalty: typeof request.presence_penalty === "number" ? request.presence_penalty : undefined,
    tools: tools && tools.length > 0 ? tools : undefined,
    response_format: responseFormat(request),
  };
  for (const [name, value] of Object.entries(inputs)) if (value === undefined) delete inputs[name];
  return { transport: "workers-ai", model: call.upstreamModel, inputs };
}
