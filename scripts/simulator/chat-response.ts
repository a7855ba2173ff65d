import type { ChatReply } from "./chat-reply";
import { isRecord, type JsonObject, type JsonValue } from "./json";

export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
  systemFingerprint: string;
}

const DEFAULT_MAX_CHUNKS = 16;
const TOOL_ARGUMENT_FRAGMENTS = 4;

/** The non-streaming `chat.completion` object, field for field as OpenAI sends it. */
export function completionObject(meta: CompletionMeta, reply: ChatReply): JsonObject {
  const message: JsonObject = { role: "assistant", content: reply.content, refusal: null };
  if (reply.toolCall !== null) {
    message.tool_calls = [
      {
        id: reply.toolCall.id,
        type: "function",
        function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments },
      },
    ];
  }
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
    usage: usageObject(reply),
    system_fingerprint: meta.systemFingerprint,
  };
}

/** The `chat.completion.chunk` objects of a stream, in order (without the `[DONE]` sentinel). */
export function streamChunks(
  meta: CompletionMeta,
  reply: ChatReply,
  options: { includeUsage: boolean; contentChunks?: number },
): JsonObject[] {
  const deltas: { delta: JsonObject; finishReason: string | null }[] = [];
  if (reply.toolCall !== null) {
    const { id, name, arguments: args } = reply.toolCall;
    deltas.push({
      delta: {
        role: "assistant",
        content: null,
        tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: "" } }],
      },
      finishReason: null,
    });
    for (const fragment of splitEvenly([...args], Math.min(TOOL_ARGUMENT_FRAGMENTS, args.length))) {
      deltas.push({ delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, finishReason: null });
    }
  } else {
    deltas.push({ delta: { role: "assistant", content: "" }, finishReason: null });
    for (const piece of splitContent(reply.content ?? "", options.contentChunks)) {
      deltas.push({ delta: { content: piece }, finishReason: null });
    }
  }
  deltas.push({ delta: {}, finishReason: reply.finishReason });

  const chunks = deltas.map(({ delta, finishReason }) =>
    chunk(meta, [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], options.includeUsage ? null : undefined),
  );
  if (options.includeUsage) chunks.push(chunk(meta, [], usageObject(reply)));
  return chunks;
}

/** OpenAI's `usage`; `cache_read=<n>` adds `prompt_tokens_details.cached_tokens` (a part of `prompt_tokens`). */
function usageObject(reply: ChatReply): JsonObject {
  const usage: JsonObject = { ...reply.usage };
  if (reply.cachedTokens !== undefined) usage.prompt_tokens_details = { cached_tokens: reply.cachedTokens };
  return usage;
}

/** True for a chunk carrying reply text or a piece of tool-call arguments (what `stream_error=<n>` counts). */
export function isContentChunk(chunkObject: JsonObject): boolean {
  const choices = chunkObject.choices;
  const first = Array.isArray(choices) ? choices[0] : undefined;
  const delta = isRecord(first) ? first.delta : undefined;
  if (!isRecord(delta)) return false;
  if (typeof delta.content === "string" && delta.content !== "") return true;
  const call = Array.isArray(delta.tool_calls) ? delta.tool_calls[0] : undefined;
  const fn = isRecord(call) ? call.function : undefined;
  return isRecord(fn) && typeof fn.arguments === "string" && fn.arguments !== "";
}

/** Word-ish pieces whose concatenation is exactly `text`; `count` forces the number of pieces. */
export function splitContent(text: string, count?: number): string[] {
  if (text === "") return [];
  const words = text.split(/(?<=\s)(?=\S)/);
  const characters = [...text];
  const target = count ?? Math.min(DEFAULT_MAX_CHUNKS, Math.max(words.length, Math.min(4, characters.length)));
  if (words.length >= target) return splitEvenly(words, target);
  return splitEvenly(characters, Math.min(target, characters.length));
}

export function splitEvenly(parts: string[], target: number): string[] {
  if (target <= 0) return [];
  const pieces: string[] = [];
  for (let index = 0; index < target; index += 1) {
    const start = Math.floor((index * parts.length) / target);
    const end = Math.floor(((index + 1) * parts.length) / target);
    pieces.push(parts.slice(start, end).join(""));
  }
  return pieces;
}

function chunk(meta: CompletionMeta, choices: JsonValue[], usage: JsonValue | undefined): JsonObject {
  const result: JsonObject = {
    id: meta.id,
    object: "chat.completion.chunk",
    created: meta.created,
    model: meta.model,
    system_fingerprint: meta.systemFingerprint,
    choices,
  };
  if (usage !== undefined) result.usage = usage;
  return result;
}
