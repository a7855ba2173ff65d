import type { TokenUsage } from "../../schemas/usage";
import type { FinishReason } from "../shared/chat-parts";
import type { AnthropicUsage } from "./wire";

/**
 * Normalized usage. Anthropic's `input_tokens` excludes cache reads and writes, whereas
 * `inputTokens` (like OpenAI's `prompt_tokens`) counts every prompt token, cached or not.
 */
export function toTokenUsage(usage: AnthropicUsage): TokenUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const inputTokens = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const outputTokens = usage.output_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, cachedInputTokens: cacheRead };
}

/** Later counts replace earlier ones field by field: a stream's `message_delta` counts are cumulative. */
export function mergeUsage(earlier: AnthropicUsage, later: AnthropicUsage): AnthropicUsage {
  return {
    input_tokens: later.input_tokens ?? earlier.input_tokens,
    output_tokens: later.output_tokens ?? earlier.output_tokens,
    cache_creation_input_tokens: later.cache_creation_input_tokens ?? earlier.cache_creation_input_tokens,
    cache_read_input_tokens: later.cache_read_input_tokens ?? earlier.cache_read_input_tokens,
  };
}

/** Anthropic's `stop_reason` as OpenAI's `finish_reason`; a reason added later counts as a normal stop. */
export function toFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, pause_turn
      return "stop";
  }
}
