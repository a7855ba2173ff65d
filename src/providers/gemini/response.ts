import { GatewayError } from "../../errors/gateway-error";
import type { TokenUsage } from "../../schemas/usage";
import type { TranslatedBody } from "../contract";
import type { ChatAnswer, FinishReason, ToolCallPart } from "../shared/chat-parts";
import { openAIChatCompletion } from "../shared/openai-output";
import { type GeminiCandidate, type GenerateContentResponse, generateContentResponseSchema, parseAs, readJson, type UsageMetadata } from "./wire";

const contentFilterReasons = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

export function finishReasonOf(geminiReason: string, hasToolCalls: boolean): FinishReason {
  if (geminiReason === "MAX_TOKENS") return "length";
  if (contentFilterReasons.has(geminiReason)) return "content_filter";
  return hasToolCalls ? "tool_calls" : "stop";
}

/** Thought tokens are generated and billed as output, so they count as output here. */
export function usageOf(metadata: UsageMetadata | undefined): TokenUsage | null {
  if (metadata?.promptTokenCount === undefined) return null;
  const inputTokens = metadata.promptTokenCount + (metadata.toolUsePromptTokenCount ?? 0);
  const outputTokens = (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
  return {
    inputTokens,
    outputTokens,
    totalTokens: metadata.totalTokenCount ?? inputTokens + outputTokens,
    cachedInputTokens: metadata.cachedContentTokenCount ?? 0,
  };
}

/** Two 32-bit FNV-1a hashes with different seeds: 16 hex digits, stable across isolates. */
function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/**
 * Gemini's function calls carry no id, so one is derived from what both the whole answer and the
 * stream see alike (the response id, the call's position, name and arguments): the same answer gets
 * the same ids either way, and ids stay under OpenAI's 40-character limit for replays elsewhere.
 */
export function toolCallId(responseId: string | undefined, index: number, name: string, args: string): string {
  return `call_${index}_${stableHash(`${responseId ?? ""}\u0000${name}\u0000${args}`)}`;
}

export interface CandidateContent {
  /** The answer text of these parts, thoughts left out; "" when there is none. */
  readonly text: string;
  readonly toolCalls: readonly ToolCallPart[];
}

/** Reads one candidate's parts; `firstIndex` numbers its function calls after those already seen. */
export function readCandidate(candidate: GeminiCandidate | undefined, responseId: string | undefined, firstIndex: number): CandidateContent {
  let text = "";
  const toolCalls: ToolCallPart[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.thought === true) continue;
    if (part.text !== undefined) text += part.text;
    if (part.functionCall) {
      const args = JSON.stringify(part.functionCall.args ?? {});
      const index = firstIndex + toolCalls.length;
      toolCalls.push({ id: toolCallId(responseId, index, part.functionCall.name, args), name: part.functionCall.name, arguments: args });
    }
  }
  return { text, toolCalls };
}

/**
 * One Gemini answer as a normalized chat answer. A prompt blocked before any candidate was made is
 * an answer too: no content, finish reason `content_filter`, as OpenAI reports its own filtering.
 */
export function answerOf(response: GenerateContentResponse, fallbackModel: string): ChatAnswer {
  const candidate = response.candidates?.[0];
  const { text, toolCalls } = readCandidate(candidate, response.responseId, 0);
  let finishReason: FinishReason;
  if (candidate === undefined) finishReason = response.promptFeedback?.blockReason ? "content_filter" : "stop";
  else finishReason = finishReasonOf(candidate.finishReason ?? "STOP", toolCalls.length > 0);
  return {
    id: response.responseId ?? `chatcmpl-${crypto.randomUUID()}`,
    model: response.modelVersion ?? fallbackModel,
    text: text === "" ? null : text,
    toolCalls,
    finishReason,
    usage: usageOf(response.usageMetadata),
  };
}

/** A `generateContent` body as an OpenAI `chat.completion`. */
export function translateChatResponse(upstreamBody: string, fallbackModel: string): TranslatedBody {
  const response = parseAs(generateContentResponseSchema, readJson(upstreamBody));
  if (response === null) {
    throw new GatewayError({ kind: "upstream_failed", status: 200, detail: "Gemini answered 200 with a body that is not a GenerateContentResponse" });
  }
  const answer = answerOf(response, fallbackModel);
  return { body: openAIChatCompletion(answer), usage: answer.usage };
}
