import { extraHeaders, httpUrl, identifier, secretName } from "../../config/primitives";
import * as z from "zod/mini";

/** OpenAI itself or any API that speaks its wire format (base URL + key + optional headers). */
export const openaiProviderConfigSchema = z.object({
  kind: z.literal("openai"),
  baseUrl: httpUrl,
  apiKeySecret: z.optional(secretName),
  headers: z.optional(extraHeaders),
  region: identifier,
});

export type OpenAIProviderConfig = z.infer<typeof openaiProviderConfigSchema>;
