import { header, keyAccepted } from "../auth";
import type { EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import type { RouteArgs } from "../route-args";
import { handleEmbed } from "./embed";
import { apiKeyInvalid, geminiDialect, googleError, unregisteredCaller } from "./errors";
import { handleGenerate } from "./generate";
import { handleCountTokens, handleGetModel, handleListModels } from "./models";

/** `/<provider>/v1beta/...` in the Gemini API's wire format: key in `x-goog-api-key` or `?key=`. */
export function routeGemini({ ctx: base, method, segments, apiKey }: RouteArgs): Promise<void> | void {
  const ctx: EndpointContext = { ...base, dialect: geminiDialect };
  const key = header(ctx.req, "x-goog-api-key") ?? ctx.url.searchParams.get("key") ?? undefined;
  if (key === undefined || key.trim() === "") return sendError(ctx.res, unregisteredCaller());
  if (!keyAccepted(key, apiKey)) return sendError(ctx.res, apiKeyInvalid());

  const [version, collection, target, ...extra] = segments;
  const notFound = (): void => sendError(ctx.res, googleError(404, `Method not found: ${method} ${ctx.url.pathname}`));
  if (version !== "v1beta" || collection !== "models" || extra.length > 0) return notFound();
  if (target === undefined || target === "") return method === "GET" ? handleListModels(ctx) : notFound();

  const decoded = decodeURIComponent(target);
  const colon = decoded.lastIndexOf(":");
  if (colon === -1) return method === "GET" ? handleGetModel(ctx, decoded) : notFound();
  if (method !== "POST") return notFound();
  const model = decoded.slice(0, colon);
  switch (decoded.slice(colon + 1)) {
    case "generateContent":
      return handleGenerate(ctx, model, false);
    case "streamGenerateContent":
      return handleGenerate(ctx, model, true);
    case "embedContent":
      return handleEmbed(ctx, model, false);
    case "batchEmbedContents":
      return handleEmbed(ctx, model, true);
    case "countTokens":
      return handleCountTokens(ctx, model);
    default:
      return notFound();
  }
}
