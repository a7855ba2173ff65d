import * as z from "zod/mini";

// What the gateway reads from Gemini's answers; objects are loose so new fields never break parsing.

const functionCall = z.looseObject({ name: z.string(), args: z.optional(z.record(z.string(), z.unknown())) });

const part = z.looseObject({
  text: z.optional(z.string()),
  /** A thought summary, present only when thoughts were asked for; never answer text. */
  thought: z.optional(z.boolean()),
  functionCall: z.optional(functionCall),
});

const candidate = z.looseObject({
  content: z.optional(z.looseObject({ parts: z.optional(z.array(part)) })),
  finishReason: z.optional(z.string()),
});

const count = z.optional(z.number());

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: count,
  candidatesTokenCount: count,
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
  cachedContentTokenCount: count,
  totalTokenCount: count,
});

export const generateContentResponseSchema = z.looseObject({
  candidates: z.optional(z.array(candidate)),
  promptFeedback: z.optional(z.looseObject({ blockReason: z.optional(z.string()) })),
  usageMetadata: z.optional(usageMetadataSchema),
  modelVersion: z.optional(z.string()),
  responseId: z.optional(z.string()),
});

const errorDetail = z.looseObject({
  "@type": z.optional(z.string()),
  reason: z.optional(z.string()),
  retryDelay: z.optional(z.string()),
});

/** Google's error envelope (google.rpc.Status), as non-2xx bodies and mid-stream frames carry it. */
export const googleErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.optional(z.number()),
    status: z.optional(z.string()),
    details: z.optional(z.array(errorDetail)),
  }),
});

export const batchEmbedContentsResponseSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});

export type GenerateContentResponse = z.infer<typeof generateContentResponseSchema>;
export type GeminiCandidate = z.infer<typeof candidate>;
export type UsageMetadata = z.infer<typeof usageMetadataSchema>;
export type GoogleError = z.infer<typeof googleErrorBodySchema>["error"];

/** A JSON text's value, or undefined when it is not JSON. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A value checked against a schema, or null when it does not match. */
export function parseAs<T>(schema: z.ZodMiniType<T>, value: unknown): T | null {
  const result = z.safeParse(schema, value);
  return result.success ? result.data : null;
}

/** Google's canonical status names (`RESOURCE_EXHAUSTED`) lower-cased, or null for anything else. */
export function statusCode(status: string | undefined): string | null {
  return status !== undefined && /^[A-Z][A-Z_]{0,63}$/.test(status) ? status.toLowerCase() : null;
}
