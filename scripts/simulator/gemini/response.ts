import type { ChatReply } from "../chat-reply";
import { splitContent } from "../chat-response";
import type { JsonObject, JsonValue } from "../json";

export interface ResponseMeta {
  model: string;
  responseId: string;
  candidateCount: number;
}

const CATEGORIES = ["HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_DANGEROUS_CONTENT"];

/** The ratings of a blocked prompt or candidate: dangerous content rated HIGH and blocked. */
function blockedRatings(): JsonValue[] {
  return CATEGORIES.map((category): JsonObject =>
    category === "HARM_CATEGORY_DANGEROUS_CONTENT" ? { category, probability: "HIGH", blocked: true } : { category, probability: "NEGLIGIBLE" },
  );
}

function finishReason(reply: ChatReply): string {
  return reply.finishReason === "length" ? "MAX_TOKENS" : "STOP";
}

function replyParts(reply: ChatReply, text: string | null): JsonValue[] {
  if (reply.toolCall !== null) {
    return [{ functionCall: { name: reply.toolCall.name, args: JSON.parse(reply.toolCall.arguments) as JsonValue } }];
  }
  return text === null || text === "" ? [] : [{ text }];
}

function candidates(meta: ResponseMeta, parts: JsonValue[], finish: string | undefined): JsonValue[] {
  return Array.from({ length: meta.candidateCount }, (_unused, index) => {
    const content: JsonObject = parts.length > 0 ? { parts, role: "model" } : { role: "model" };
    const candidate: JsonObject = { content };
    if (finish !== undefined) candidate.finishReason = finish;
    candidate.index = index;
    return candidate;
  });
}

/** `usageMetadata`: the whole count when `final`, else the prompt only (what Gemini puts on mid-stream chunks). */
function usageMetadata(meta: ResponseMeta, reply: ChatReply, final: boolean): JsonObject {
  const prompt = reply.usage.prompt_tokens;
  const output = final ? reply.usage.completion_tokens * meta.candidateCount : 0;
  const usage: JsonObject = { promptTokenCount: prompt };
  if (output > 0) usage.candidatesTokenCount = output;
  usage.totalTokenCount = prompt + output;
  if (reply.cachedTokens !== undefined) usage.cachedContentTokenCount = reply.cachedTokens;
  usage.promptTokensDetails = [{ modality: "TEXT", tokenCount: prompt }];
  return usage;
}

function envelope(meta: ResponseMeta, body: JsonObject): JsonObject {
  return { ...body, modelVersion: meta.model, responseId: meta.responseId };
}

/** The GenerateContentResponse of `:generateContent`. */
export function generateResponse(meta: ResponseMeta, reply: ChatReply): JsonObject {
  return envelope(meta, {
    candidates: candidates(meta, replyParts(reply, reply.content), finishReason(reply)),
    usageMetadata: usageMetadata(meta, reply, true),
  });
}

/**
 * The chunks of `:streamGenerateContent`: the text over several chunks (a function call in one),
 * finishReason and the full usageMetadata on the last one.
 */
export function streamResponses(meta: ResponseMeta, reply: ChatReply, contentChunks?: number): JsonObject[] {
  const pieces: (string | null)[] = reply.toolCall === null ? splitContent(reply.content ?? "", contentChunks) : [null];
  if (pieces.length === 0) pieces.push("");
  return pieces.map((piece, index) => {
    const last = index === pieces.length - 1;
    return envelope(meta, {
      candidates: candidates(meta, replyParts(reply, piece), last ? finishReason(reply) : undefined),
      usageMetadata: usageMetadata(meta, reply, last),
    });
  });
}

/** `safety_block`: a 200 whose candidate stopped for SAFETY, with no content. */
export function safetyBlockedResponse(meta: ResponseMeta, reply: ChatReply): JsonObject {
  const blocked = Array.from({ length: meta.candidateCount }, (_unused, index) => ({
    finishReason: "SAFETY",
    index,
    safetyRatings: blockedRatings(),
  }));
  return envelope(meta, { candidates: blocked, usageMetadata: usageMetadata(meta, reply, false) });
}

/** `prompt_block`: a 200 with promptFeedback.blockReason SAFETY and no candidates. */
export function promptBlockedResponse(meta: ResponseMeta, reply: ChatReply): JsonObject {
  return envelope(meta, {
    promptFeedback: { blockReason: "SAFETY", safetyRatings: blockedRatings() },
    usageMetadata: usageMetadata(meta, reply, false),
  });
}
