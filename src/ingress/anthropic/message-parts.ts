import type { TokenUsage } from "../../schemas/usage";

/** Anthropic's stop reasons that an OpenAI finish reason can map to. */
export type AnthropicStopReason = "end_turn" | "max_tokens" | "tool_use" | "refusal";

/**
 * OpenAI's finish reason as Anthropic's stop reason. OpenAI's `stop` does not say whether a stop
 * sequence matched, so it is always `end_turn` (and `stop_sequence` always null). Some
 * OpenAI-compatible servers answer tool calls with `stop`: a turn that made tool calls is reported
 * as `tool_use`, which is what Anthropic clients loop on.
 */
export function toStopReason(finishReason: string | null | undefined, madeToolCalls: boolean): AnthropicStopReason {
  switch (finishReason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return madeToolCalls ? "tool_use" : "end_turn";
  }
}

/** `chatcmpl-abc` → `msg_abc`, so a message can be traced to the upstream answer's id. */
export function toMessageId(openAIId: string | null | undefined): string {
  if (!openAIId) return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  return `msg_${openAIId.replace(/^chatcmpl-/, "")}`;
}

export interface AnthropicUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens: number;
  readonly cache_read_input_tokens: number;
}

/**
 * Anthropic counts cache reads apart from `input_tokens`, where OpenAI's `prompt_tokens` includes
 * them. OpenAI reports no cache writes, so `cache_creation_input_tokens` is 0.
 */
export function toAnthropicUsage(usage: TokenUsage | null): AnthropicUsage {
  if (!usage) return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  return {
    input_tokens: usage.inputTokens - cached,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** A tool call's JSON arguments as Anthropic's `input` object; `{}` when they are not an object. */
export function parseToolInput(argumentsJson: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Invalid JSON from the model: fall through to an empty input rather than failing the answer.
  }
  return {};
}
