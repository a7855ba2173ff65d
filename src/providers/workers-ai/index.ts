import type { ProviderCapabilities, ProviderDefinition } from "../contract";
import { type WorkersAIProviderConfig, workersAIProviderConfigSchema } from "./config";
import { workersAIEmbeddings } from "./embeddings";
import { workersAIFailure } from "./failure";
import { workersAIChatRequest } from "./request";
import { workersAIChatResponse } from "./response";
import { workersAIChatStream } from "./stream";

/** Vision varies by model and takes a different input shape, so it is not offered. */
const capabilities: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  vision: false,
  jsonMode: true,
  embeddings: true,
};

/** Cloudflare Workers AI through the `AI` binding; the gateway runs without it when no target uses it. */
export const workersAIProvider: ProviderDefinition<WorkersAIProviderConfig> = {
  kind: "workers-ai",
  configSchema: workersAIProviderConfigSchema,
  capabilities: () => capabilities,
  apiKeySecret: () => null,
  createAdapter: () => ({
    capabilities,
    chatRequest: workersAIChatRequest,
    chatResponse: workersAIChatResponse,
    chatStream: workersAIChatStream,
    embeddings: workersAIEmbeddings,
    anthropicMessages: null,
    failure: workersAIFailure,
  }),
};
