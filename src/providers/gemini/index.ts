import {
  everyCapability,
  type ProviderAdapter,
  type ProviderCapabilities,
  type ProviderDefinition,
  type UpstreamCall,
  type UpstreamRequest,
} from "../contract";
import { type GeminiProviderConfig, geminiDefaultApiKeySecret, geminiDefaultBaseUrl, geminiProviderConfigSchema } from "./config";
import { toBatchEmbedBody, translateEmbeddingsResponse } from "./embeddings";
import { geminiFailure } from "./failure";
import { toGeminiChatBody } from "./request";
import { translateChatResponse } from "./response";
import { translateChatStream } from "./stream";

export const geminiCapabilities: ProviderCapabilities = everyCapability;

type Method = "generateContent" | "streamGenerateContent?alt=sse" | "batchEmbedContents";

/** Accepts upstream model names written with or without Google's `models/` prefix. */
function bareModel(upstreamModel: string): string {
  return upstreamModel.startsWith("models/") ? upstreamModel.slice("models/".length) : upstreamModel;
}

/** Gemini's translations, bound to one provider's endpoint. The key travels in a header, never the URL. */
export function createGeminiAdapter(config: GeminiProviderConfig): ProviderAdapter {
  const baseUrl = (config.baseUrl ?? geminiDefaultBaseUrl).replace(/\/+$/, "");
  const staticHeaders = { ...config.headers, "content-type": "application/json" };
  const post = (method: Method, body: object, call: UpstreamCall): UpstreamRequest => ({
    transport: "http",
    url: `${baseUrl}/models/${encodeURIComponent(bareModel(call.upstreamModel))}:${method}`,
    method: "POST",
    headers: call.apiKey === null ? staticHeaders : { ...staticHeaders, "x-goog-api-key": call.apiKey },
    body: JSON.stringify(body),
  });
  return {
    capabilities: geminiCapabilities,
    chatRequest: (request, call) => post(request.stream ? "streamGenerateContent?alt=sse" : "generateContent", toGeminiChatBody(request), call),
    chatResponse: (upstreamBody, request) => translateChatResponse(upstreamBody, request.model),
    chatStream: translateChatStream,
    embeddings: {
      request: (request, call) => post("batchEmbedContents", toBatchEmbedBody(request, `models/${bareModel(call.upstreamModel)}`), call),
      response: translateEmbeddingsResponse,
    },
    anthropicMessages: null,
    failure: geminiFailure,
  };
}

export const geminiProvider: ProviderDefinition<GeminiProviderConfig> = {
  kind: "gemini",
  configSchema: geminiProviderConfigSchema,
  capabilities: () => geminiCapabilities,
  apiKeySecret: (config) => config.apiKeySecret ?? geminiDefaultApiKeySecret,
  createAdapter: createGeminiAdapter,
};
