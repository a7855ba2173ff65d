import type { ProviderAdapter, ProviderCapabilities } from "../contract";
import { anthropicDefaults, type AnthropicProviderConfig } from "./config";
import { anthropicFailure } from "./failure";
import { anthropicNativePassThrough } from "./native";
import { translateRequest } from "./request";
import { translateResponse } from "./response";
import { translateStream } from "./stream";

/** Anthropic has no JSON mode, so JSON `response_format` requests go to other targets or are refused. */
export const anthropicCapabilities: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: false,
  embeddings: false,
};

/** An adapter translating OpenAI chat requests to Anthropic's Messages API and its answers back. */
export function createAnthropicAdapter(config: AnthropicProviderConfig): ProviderAdapter {
  const url = `${(config.baseUrl ?? anthropicDefaults.baseUrl).replace(/\/+$/, "")}/v1/messages`;
  const headers = {
    ...config.headers,
    "content-type": "application/json",
    "anthropic-version": config.anthropicVersion ?? anthropicDefaults.anthropicVersion,
  };
  const defaultMaxTokens = config.defaultMaxTokens ?? anthropicDefaults.defaultMaxTokens;
  return {
    capabilities: anthropicCapabilities,
    chatRequest: (request, call) => ({
      transport: "http",
      url,
      method: "POST",
      headers: call.apiKey === null ? headers : { ...headers, "x-api-key": call.apiKey },
      body: JSON.stringify(translateRequest(request, call.upstreamModel, defaultMaxTokens)),
    }),
    chatResponse: translateResponse,
    chatStream: translateStream,
    embeddings: null,
    anthropicMessages: anthropicNativePassThrough(url, headers),
    failure: anthropicFailure,
  };
}
