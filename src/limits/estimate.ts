import type { Candidate } from "../config/runtime-config";
import type { ChatCompletionRequest } from "../schemas/openai/chat";
import type { EmbeddingsRequest } from "../schemas/openai/embeddings";

/** What a request may use before its real usage is known: reserved up front, corrected afterwards. */
export interface UsageEstimate {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** About four characters of English per token; the reservation is corrected to the real usage anyway. */
const charsPerToken = 4;
/** Roles, separators and names each message adds, in the manner of OpenAI's own counting guide. */
const tokensPerMessage = 4;
/** A stand-in for an image, audio clip or file, whose real token count depends on the provider. */
const tokensPerMedia = 1000;
const mediaParts = new Set(["image_url", "input_audio", "file"]);

/** Characters of text anywhere in a value; media parts count as `tokensPerMedia` tokens' worth. */
function textChars(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + textChars(item), 0);
  if (value === null || typeof value !== "object") return 0;
  const type: unknown = Reflect.get(value, "type");
  if (typeof type === "string" && mediaParts.has(type)) return tokensPerMedia * charsPerToken;
  let sum = 0;
  for (const field of Object.values(value)) sum += textChars(field);
  return sum;
}

/** Prompt tokens from the messages and tool definitions; output from `max_completion_tokens`/`max_tokens` per choice. */
export function estimateChatUsage(request: ChatCompletionRequest, defaultOutputTokens: number): UsageEstimate {
  const chars = textChars(request.messages) + textChars(request.tools ?? []);
  const inputTokens = Math.ceil(chars / charsPerToken) + tokensPerMessage * request.messages.length;
  const perChoice = request.max_completion_tokens ?? request.max_tokens ?? defaultOutputTokens;
  return { inputTokens, outputTokens: perChoice * (request.n ?? 1) };
}

/** Embeddings read their input and write no tokens; token arrays are counted exactly. */
export function estimateEmbeddingsUsage(request: EmbeddingsRequest): UsageEstimate {
  const inputs: unknown[] = Array.isArray(request.input) ? request.input : [request.input];
  let tokens = 0;
  for (const input of inputs) {
    if (typeof input === "number") tokens += 1;
    else if (Array.isArray(input)) tokens += input.length;
    else tokens += Math.ceil(textChars(input) / charsPerToken);
  }
  return { inputTokens: tokens, outputTokens: 0 };
}

/** The most the request can cost: its estimate at the priciest candidate (targets without prices count 0). */
export function worstCaseCost(estimate: UsageEstimate, candidates: readonly Candidate[]): number {
  let worst = 0;
  for (const { pricing } of candidates) {
    if (!pricing) continue;
    const cost = (estimate.inputTokens * pricing.inputPerMillion + estimate.outputTokens * pricing.outputPerMillion) / 1_000_000;
    worst = Math.max(worst, cost);
  }
  return worst;
}
