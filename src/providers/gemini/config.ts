import { extraHeaders, httpUrl, identifier, secretName } from "../../config/primitives";
import * as z from "zod/mini";

export const geminiDefaultBaseUrl = "https://generativelanguage.googleapis.com/v1beta";
export const geminiDefaultApiKeySecret = "GEMINI_API_KEY";

/** Google's Gemini API (Generative Language API, v1beta), or anything that speaks it at `baseUrl`. */
export const geminiProviderConfigSchema = z.object({
  kind: z.literal("gemini"),
  baseUrl: z.optional(httpUrl),
  apiKeySecret: z.optional(secretName),
  headers: z.optional(extraHeaders),
  region: identifier,
});

export type GeminiProviderConfig = z.infer<typeof geminiProviderConfigSchema>;
