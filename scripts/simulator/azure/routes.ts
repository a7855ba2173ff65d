import { randomUUID } from "node:crypto";
import { header, keyAccepted } from "../auth";
import { handleChatCompletions } from "../chat-endpoint";
import { handleEmbeddings } from "../embeddings";
import type { EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import type { RouteArgs } from "../route-args";
import { accessDenied, apiVersionNotSupported, azureDialect, contentFilterError, deploymentNotFound, operationNotSupported, resourceNotFound } from "./errors";
import { azureChatFlavour } from "./filters";

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/**
 * `/<provider>/openai/deployments/{deployment}/chat/completions|embeddings?api-version=...` in Azure
 * OpenAI's wire format: the `api-key` header, OpenAI bodies, deployments named after their model.
 */
export function routeAzure({ ctx: base, method, segments, apiKey }: RouteArgs): Promise<void> | void {
  base.res.setHeader("apim-request-id", randomUUID());
  base.res.setHeader("x-ms-region", base.provider.region === "eu" ? "Sweden Central" : "East US");
  if (!keyAccepted(header(base.req, "api-key"), apiKey)) return sendError(base.res, accessDenied());

  const [root, collection, deployment = "", ...rest] = segments;
  const operation = rest.join("/");
  const known = operation === "chat/completions" || operation === "embeddings";
  if (root !== "openai" || collection !== "deployments" || deployment === "" || method !== "POST" || !known) {
    return sendError(base.res, resourceNotFound());
  }
  // Azure answers a missing api-version with its plain 404, an unknown one with a 400.
  const apiVersion = base.url.searchParams.get("api-version");
  if (apiVersion === null || apiVersion === "") return sendError(base.res, resourceNotFound());
  if (!API_VERSION.test(apiVersion)) return sendError(base.res, apiVersionNotSupported());

  const name = decodeURIComponent(deployment);
  const isChat = base.provider.chatModels.includes(name);
  const isEmbedding = base.provider.embeddingModels.includes(name);
  if (!isChat && !isEmbedding) return sendError(base.res, deploymentNotFound());
  if (operation === "chat/completions") {
    if (!isChat) return sendError(base.res, operationNotSupported("chatCompletion", name));
    const ctx: EndpointContext = { ...base, dialect: azureDialect("ChatCompletions_Create", apiVersion) };
    return handleChatCompletions(ctx, azureChatFlavour(name));
  }
  if (!isEmbedding) return sendError(base.res, operationNotSupported("embeddings", name));
  const ctx: EndpointContext = { ...base, dialect: azureDialect("Embeddings_Create", apiVersion) };
  return handleEmbeddings(ctx, { model: name, directiveError: (directives) => (directives.contentFilter ? contentFilterError() : undefined) });
}
