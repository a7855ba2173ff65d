import { everyCapability, type ProviderAdapter, type ProviderCapabilities, type UpstreamCall, type UpstreamRequest } from "../contract";
import { openAIStyleFailure } from "../shared/openai-failure";
import type { OpenAIProviderConfig } from "./config";
import { passThroughOpenAIStream } from "./stream";
import { usageFromBody } from "./usage";

export const openaiCapabilities: ProviderCapabilities = everyCapability;

/** How to call one OpenAI-style API: where, with which headers, and how its key is sent. */
export interface OpenAIEndpoint {
  readonly url: (path: "/chat/completions" | "/embeddings", upstreamModel: string) => string;
  readonly headers: Readonly<Record<string, string>>;
  readonly authHeaders: (apiKey: string) => Record<string, string>;
  readonly capabilities: ProviderCapabilities;
  readonly failure: ProviderAdapter["failure"];
}

/**
 * The OpenAI wire format is the gateway's lingua franca, so this adapter forwards the client's
 * request with only `model` replaced and passes answers through without re-serializing them. Azure
 * and the presets reuse it with their own endpoint.
 */
export function createOpenAIStyleAdapter(endpoint: OpenAIEndpoint): ProviderAdapter {
  const staticHeaders = { ...endpoint.headers, "content-type": "application/json", accept: "application/json" };
  const post = (path: "/chat/completions" | "/embeddings", body: object, call: UpstreamCall): UpstreamRequest => ({
    transport: "http",
    url: endpoint.url(path, call.upstreamModel),
    method: "POST",
    headers: call.apiKey === null ? staticHeaders : { ...staticHeaders, ...endpoint.authHeaders(call.apiKey) },
    body: JSON.stringify({ ...body, model: call.upstreamModel }),
  });
  return {
    capabilities: endpoint.capabilities,
    chatRequest: (request, call) => post("/chat/completions", request, call),
    chatResponse: (upstreamBody) => ({ body: upstreamBody, usage: usageFromBody(upstreamBody) }),
    chatStream: passThroughOpenAIStream,
    embeddings: endpoint.capabilities.embeddings
      ? {
          request: (request, call) => post("/embeddings", request, call),
          response: (upstreamBody) => ({ body: upstreamBody, usage: usageFromBody(upstreamBody) }),
        }
      : null,
    anthropicMessages: null,
    failure: endpoint.failure,
  };
}
