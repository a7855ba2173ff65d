import type { ProviderDefinition } from "../contract";
import { openAIStyleFailure } from "../shared/openai-failure";
import { createOpenAIStyleAdapter, openaiCapabilities } from "./adapter";
import type { OpenAIProviderConfig } from "./config";
import { openaiProviderConfigSchema } from "./config";
import { openaiPresets } from "./presets";

function capabilities(config: OpenAIProviderConfig) {
  return config.preset ? openaiPresets[config.preset].capabilities : openaiCapabilities;
}

export const openaiProvider: ProviderDefinition<OpenAIProviderConfig> = {
  kind: "openai",
  configSchema: openaiProviderConfigSchema,
  capabilities,
  apiKeySecret: (config) => config.apiKeySecret ?? (config.preset ? openaiPresets[config.preset].apiKeySecret : null),
  createAdapter(config) {
    // The schema guarantees one of the two.
    const baseUrl = (config.baseUrl ?? (config.preset ? openaiPresets[config.preset].baseUrl : null) ?? "").replace(/\/+$/, "");
    return createOpenAIStyleAdapter({
      url: (path) => `${baseUrl}${path}`,
      headers: config.headers ?? {},
      authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
      capabilities: capabilities(config),
      failure: openAIStyleFailure,
    });
  },
};
