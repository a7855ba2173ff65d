import type { ProviderDefinition } from "../contract";
import { createOpenAIAdapter, openaiCapabilities } from "./adapter";
import { type OpenAIProviderConfig, openaiProviderConfigSchema } from "./config";

export const openaiProvider: ProviderDefinition<OpenAIProviderConfig> = {
  kind: "openai",
  configSchema: openaiProviderConfigSchema,
  capabilities: openaiCapabilities,
  apiKeySecret: (config) => config.apiKeySecret ?? null,
  createAdapter: createOpenAIAdapter,
};
