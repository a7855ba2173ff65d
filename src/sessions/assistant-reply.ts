import * as z from "zod/mini";
import { SseParser } from "../providers/shared/sse-parser";
import type { ChatMessage } from "../schemas/openai/chat";

/** A function call the assistant made, as the next request must send it back. */
type ToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
};

const optionalText = z.optional(z.nullable(z.string()));

const answerSchema = z.object({
  choices: z.array(
    z.object({
      index: z.optional(z.number()),
      message: z.object({
        content: optionalText,
        refusal: optionalText,
        tool_calls: z.optional(
          z.nullable(z.array(z.object({ id: z.string(), type: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) }))),
        ),
      }),
    }),
  ),
});

const chunkSchema = z.object({
  choices: z.optional(
    z.array(
      z.object({
        index: z.number(),
        delta: z.optional(
          z.nullable(
            z.object({
              content: optionalText,
              refusal: optionalText,
              tool_calls: z.optional(
                z.nullable(
                  z.array(
                    z.object({
                      index: z.number(),
                      id: optionalText,
                      type: optionalText,
                      function: z.optional(z.nullable(z.object({ name: optionalText, arguments: optionalText }))),
                    }),
                  ),
                ),
              ),
            }),
          ),
        ),
      }),
    ),
  ),
  error: z.optional(z.unknown()),
});

/**
 * The reply as it is stored and sent back in later turns: only the fields every provider accepts
 * on an assistant message (OpenAI refuses response-only fields such as `annotations`). A refusal is
 * kept as the content, so the model sees what it said; content is never absent without tool calls,
 * which OpenAI would refuse.
 */
function assistantMessage(content: string | null, refusal: string | null, toolCalls: readonly ToolCall[]): ChatMessage {
  const text = content ?? refusal ?? (toolCalls.length > 0 ? null : "");
  return toolCalls.length > 0 ? { role: "assistant", content: text, tool_calls: [...toolCalls] } : { role: "assistant", content: text };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The assistant message of choice 0 of a `chat.completion` body; null when it has none. */
export function replyFromBody(body: string): ChatMessage | null {
  const parsed = answerSchema.safeParse(parseJson(body));
  if (!parsed.success) return null;
  const choice = parsed.data.choices.find((candidate) => (candidate.index ?? 0) === 0);
  if (!choice) return null;
  const { content, refusal, tool_calls: calls } = choice.message;
  const toolCalls = (calls ?? [])
    .filter((call) => call.type === "function")
    .map((call): ToolCall => ({ id: call.id, type: "function", function: { name: call.function.name, arguments: call.function.arguments } }));
  return assistantMessage(content ?? null, refusal ?? null, toolCalls);
}

/**
 * The assistant message of choice 0 assembled from a whole `chat.completion.chunk` SSE stream: its
 * content and refusal pieces joined, its tool calls put together by index (id, name and argument
 * pieces). Null when the stream carries an error event, an unreadable chunk or no choice 0.
 */
export function replyFromSse(text: string): ChatMessage | null {
  const parser = new SseParser();
  const events = [...parser.push(text), ...parser.end()];
  let content: string | null = null;
  let refusal: string | null = null;
  let sawChoice = false;
  const calls = new Map<number, ToolCall>();
  for (const event of events) {
    if (event.data === "[DONE]") continue;
    const parsed = chunkSchema.safeParse(parseJson(event.data));
    if (!parsed.success || parsed.data.error !== undefined) return null;
    for (const choice of parsed.data.choices ?? []) {
      if (choice.index !== 0) continue;
      sawChoice = true;
      const delta = choice.delta;
      if (!delta) continue;
      if (typeof delta.content === "string") content = (content ?? "") + delta.content;
      if (typeof delta.refusal === "string") refusal = (refusal ?? "") + delta.refusal;
      for (const piece of delta.tool_calls ?? []) {
        const call = calls.get(piece.index) ?? { id: "", type: "function", function: { name: "", arguments: "" } };
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.function.name += piece.function.name;
        if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
        calls.set(piece.index, call);
      }
    }
  }
  if (!sawChoice) return null;
  const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  return assistantMessage(content, refusal, toolCalls);
}
