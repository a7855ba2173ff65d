import { extraHeaders, httpUrl, identifier, secretName } from "../../config/primitives";
import * as z from "zod/mini";

/** What an `anthropic` provider uses when its config leaves a field out. */
export const anthropicDefaults = {
  baseUrl: "https://api.anthropic.com",
  apiKeySecret: "ANTHROPIC_API_KEY",
  anthropicVersion: "2023-06-01",
  /** Anthropic requires `max_tokens`; OpenAI clients often omit it. */
  defaultMaxTokens: 4096,
} as const;

/** Anthropic's Messages API (or a proxy speaking it, via `baseUrl`). */
export const anthropicProviderConfigSchema = z.object({
  kind: z.literal("anthropic"),
  baseUrl: z.optional(httpUrl),
  apiKeySecret: z.optional(secretName),
  anthropicVersion: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a version date such as 2023-06-01"))),
  defaultMaxTokens: z.optional(z.int().check(z.minimum(1))),
  headers: z.optional(extraHeaders),
  region: identifier,
});

export type AnthropicProviderConfig = z.infer<typeof anthropicProviderConfigSchema>;
