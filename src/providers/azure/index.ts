import type { ProviderDefinition } from "../contract";
import { createOpenAIStyleAdapter, openaiCapabilities } from "../openai/adapter";
import { type AzureProviderConfig, azureProviderConfigSchema } from "./config";
import { azureFailure } from "./failure";

/** Azure OpenAI speaks OpenAI's wire format at deployment URLs, with an `api-key` header. */
export const azureProvider: ProviderDefinition<AzureProviderConfig> = {
  kind: "azure",
  configSchema: azureProviderConfigSchema,
  capabilities: () => openaiCapabilities,
  apiKeySecret: (config) => config.apiKeySecret,
  createAdapter(config) {
    const baseUrl = config.baseUrl.replace(/\/+$/, "");
    const apiVersion = encodeURIComponent(config.apiVersion);
    return createOpenAIStyleAdapter({
      url: (path, deployment) => `${baseUrl}/openai/deployments/${encodeURIComponent(deployment)}${path}?api-version=${apiVersion}`,
      headers: config.headers ?? {},
      authHeaders: (apiKey) => ({ "api-key": apiKey }),
      capabilities: openaiCapabilities,
      failure: azureFailure,
    });
  },
};
