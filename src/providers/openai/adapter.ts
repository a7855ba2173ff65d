import type { ProviderAdapter, ProviderCapabilities, UpstreamCall, UpstreamRequest } from "../contract";
import { openAIStyleFailure } from "../shared/openai-failure";
import type { OpenAIProviderConfig } from "./config";
import { passThroughOpenAIStream } from "./stream";
import { usageFromBody } from "./usage";

export const openaiCapabilities: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  jsonMode: true,
  embeddings: true,
};

/**
 * The OpenAI wire format is the gateway's lingua franca, so this adapter forwards the client's
 * request with only `model` replaced and passes answers through without re-serializing them.
 */
export function createOpenAIAdapter(config: OpenAIProviderConfig): ProviderAdapter {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const staticHeaders = { ...config.headers, "content-type": "application/json", accept: "application/json" };

  const post = (path: string, body: object, call: UpstreamCall): UpstreamRequest => ({
    url: `${baseUrl}${path}`,
    method: "POST",
    headers: call.apiKey === null ? staticHeaders : { ...staticHeaders, authorization: `Bearer ${call.apiKey}` },
    body: JSON.stringify({ ...body, model: call.upstreamModel }),
  });

  return {
    capabilities: openaiCapabilities,
    chatRequest: (request, call) => post("/chat/completions", request, call),
    chatResponse: (upstreamBody) => ({ body: upstreamBody, usage: usageFromBody(upstreamBody) }),
    chatStream: passThroughOpenAIStream,
    embeddingsRequest: (request, call) => post("/embeddings", request, call),
    embeddingsResponse: (upstreamBody) => ({ body: upstreamBody, usage: usageFromBody(upstreamBody) }),
    failure: openAIStyleFailure,
  };
}
