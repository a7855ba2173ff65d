import type { TokenUsage } from "../../schemas/usage";
import type { ToolCallPart } from "../shared/chat-parts";

/** Workers AI's `usage` (OpenAI's field names, without cache details). */
export function workersAIUsage(value: unknown): TokenUsage | null {
  if (typeof value !== "object" || value === null) return null;
  const usage = value as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
  if (typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") return null;
  const total = typeof usage.total_tokens === "number" ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: total, cachedInputTokens: 0 };
}

/**
 * Tool calls in either of Workers AI's shapes: the legacy `{name, arguments: object}` or OpenAI's
 * `{id, type, function: {name, arguments: string}}`. Legacy calls have no id, so one is derived.
 */
export function workersAIToolCalls(value: unknown, idPrefix: string): ToolCallPart[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown, index): ToolCallPart[] => {
    if (typeof raw !== "object" || raw === null) return [];
    const call = raw as { id?: unknown; name?: unknown; arguments?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const name = call.function?.name ?? call.name;
    if (typeof name !== "string") return [];
    const args = call.function?.arguments ?? call.arguments ?? {};
    const id = typeof call.id === "string" ? call.id : `call_${idPrefix}_${index}`;
    return [{ id, name, arguments: typeof args === "string" ? args : JSON.stringify(args) }];
  });
}

/** The reply text; in JSON mode Workers AI answers with the parsed object, which OpenAI carries as text. */
export function workersAIText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}
