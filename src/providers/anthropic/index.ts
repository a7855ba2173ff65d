import type { ProviderDefinition } from "../contract";
import { anthropicCapabilities, createAnthropicAdapter } from "./adapter";
import { anthropicDefaults, type AnthropicProviderConfig, anthropicProviderConfigSchema } from "./config";

export type { AnthropicProviderConfig } from "./config";

export const anthropicProvider: ProviderDefinition<AnthropicProviderConfig> = {
  kind: "anthropic",
  configSchema: anthropicProviderConfigSchema,
  capabilities: () => anthropicCapabilities,
  apiKeySecret: (config) => config.apiKeySecret ?? anthropicDefaults.apiKeySecret,
  createAdapter: createAnthropicAdapter,
};
