import type { TokenUsage } from "../../schemas/usage";

/** Reads OpenAI's `usage` object (chat and embeddings) into the normalized shape. */
export function readOpenAIUsage(value: unknown): TokenUsage | null {
  if (typeof value !== "object" || value === null) return null;
  const usage = value as {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    total_tokens?: unknown;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  };
  if (typeof usage.prompt_tokens !== "number") return null;
  const inputTokens = usage.prompt_tokens;
  const outputTokens = typeof usage.completion_tokens === "number" ? usage.completion_tokens : 0;
  const totalTokens = typeof usage.total_tokens === "number" ? usage.total_tokens : inputTokens + outputTokens;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return { inputTokens, outputTokens, totalTokens, cachedInputTokens: typeof cached === "number" ? cached : 0 };
}

/** Usage from a whole JSON response body, without rewriting the body. */
export function usageFromBody(body: string): TokenUsage | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? readOpenAIUsage((parsed as { usage?: unknown }).usage) : null;
  } catch {
    return null;
  }
}
