import { extraHeaders, httpUrl, identifier, secretName } from "../../config/primitives";
import * as z from "zod/mini";
import { openaiPresetNames, openaiPresets } from "./presets";

/**
 * OpenAI itself or any API that speaks its wire format: a `preset` names a well-known one (its
 * base URL and key secret become defaults), or `baseUrl` points anywhere.
 */
export const openaiProviderConfigSchema = z
  .object({
    kind: z.literal("openai"),
    preset: z.optional(z.enum(openaiPresetNames)),
    baseUrl: z.optional(httpUrl),
    apiKeySecret: z.optional(secretName),
    headers: z.optional(extraHeaders),
    region: identifier,
  })
  .check(
    z.superRefine((config, ctx) => {
      const presetUrl = config.preset ? openaiPresets[config.preset].baseUrl : null;
      if (config.baseUrl === undefined && presetUrl === null) {
        const message = config.preset ? `preset "${config.preset}" is self-hosted: set its baseUrl` : "required unless a preset gives it";
        ctx.addIssue({ code: "custom", path: ["baseUrl"], message, input: config.baseUrl });
      }
    }),
  );

export type OpenAIProviderConfig = z.infer<typeof openaiProviderConfigSchema>;
