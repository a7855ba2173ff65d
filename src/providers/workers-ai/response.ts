import { GatewayError } from "../../errors/gateway-error";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { TranslatedBody } from "../contract";
import { openAIChatCompletion } from "../shared/openai-output";
import { workersAIText, workersAIToolCalls, workersAIUsage } from "./output";

function parseObject(upstreamBody: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(upstreamBody);
    if (typeof parsed === "object" && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // fall through: an unreadable answer is the provider's failure
  }
  throw new GatewayError({ kind: "upstream_failed", status: 200, detail: "Workers AI answered with an unreadable body" });
}

/** A Workers AI text-generation result as an OpenAI `chat.completion`. */
export function workersAIChatResponse(upstreamBody: string, request: ChatCompletionRequest): TranslatedBody {
  const result = parseObject(upstreamBody);
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const toolCalls = workersAIToolCalls(result.tool_calls, id.slice(9, 17));
  const usage = workersAIUsage(result.usage);
  const body = openAIChatCompletion({
    id,
    model: request.model,
    text: workersAIText(result.response),
    toolCalls,
    finishReason: toolCalls.length > 0 ? "tool_calls" : "stop",
    usage,
  });
  return { body, usage };
}
