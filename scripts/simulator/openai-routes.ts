import { bearerToken, keyAccepted } from "./auth";
import { handleChatCompletions } from "./chat-endpoint";
import { handleEmbeddings } from "./embeddings";
import { invalidApiKey, invalidUrl, sendError } from "./errors";
import { handleListModels, handleRetrieveModel } from "./models";
import type { RouteArgs } from "./route-args";

/** `/<provider>/v1/...` in OpenAI's wire format, with `Authorization: Bearer <key>`. */
export function routeOpenAI({ ctx, method, segments, apiKey }: RouteArgs): Promise<void> | void {
  const [version, ...rest] = segments;
  if (version !== "v1") return sendError(ctx.res, invalidUrl(method, ctx.url.pathname));
  if (!keyAccepted(bearerToken(ctx.req), apiKey)) return sendError(ctx.res, invalidApiKey());

  const endpoint = rest.join("/");
  if (method === "POST" && endpoint === "chat/completions") return handleChatCompletions(ctx);
  if (method === "POST" && endpoint === "embeddings") return handleEmbeddings(ctx);
  if (method === "GET" && endpoint === "models") return handleListModels(ctx);
  if (method === "GET" && rest[0] === "models" && rest.length > 1) {
    return handleRetrieveModel(ctx, decodeURIComponent(rest.slice(1).join("/")));
  }
  return sendError(ctx.res, invalidUrl(method, ctx.url.pathname));
}
