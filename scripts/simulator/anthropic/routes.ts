import { bearerToken, header, keyAccepted } from "../auth";
import { emptyDirectives } from "../directives";
import { runPrelude, type EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { sendJson } from "../http-io";
import type { JsonObject } from "../json";
import type { RouteArgs } from "../route-args";
import { handleCountTokens, handleMessages } from "./endpoint";
import { anthropicDialect, anthropicError, newRequestId } from "./errors";

// Fixed so responses are byte-for-byte repeatable.
const MODEL_CREATED_AT = "2025-09-29T00:00:00Z";

/** `/<provider>/v1/...` in Anthropic's wire format: `x-api-key` (or a Bearer key) and `anthropic-version` headers. */
export function routeAnthropic({ ctx: base, method, segments, apiKey }: RouteArgs): Promise<void> | void {
  const requestId = newRequestId();
  base.res.setHeader("request-id", requestId);
  const ctx: EndpointContext = { ...base, dialect: anthropicDialect(requestId) };

  // The official SDK (1.14) sends the key as `Authorization: Bearer`; the API takes either header.
  const key = header(ctx.req, "x-api-key") ?? bearerToken(ctx.req);
  if (key === undefined || key.trim() === "") return sendError(ctx.res, anthropicError(401, "x-api-key header is required", requestId));
  if (!keyAccepted(key, apiKey)) return sendError(ctx.res, anthropicError(401, "invalid x-api-key", requestId));
  const version = header(ctx.req, "anthropic-version");
  // Any value passes: the simulator serves one shape (the official SDK sends its own, newer dates).
  if (version === undefined || version.trim() === "") return sendError(ctx.res, anthropicError(400, "anthropic-version: header is required", requestId));

  const path = segments.join("/");
  if (method === "POST" && path === "v1/messages") return handleMessages(ctx, requestId);
  if (method === "POST" && path === "v1/messages/count_tokens") return handleCountTokens(ctx, requestId);
  if (method === "GET" && path === "v1/models") return listModels(ctx);
  if (method === "GET" && segments[0] === "v1" && segments[1] === "models" && segments.length === 3) {
    const id = decodeURIComponent(segments[2] ?? "");
    if (!ctx.provider.chatModels.includes(id)) return sendError(ctx.res, anthropicError(404, `model: ${id}`, requestId));
    return sendModels(ctx, modelObject(id));
  }
  return sendError(ctx.res, anthropicError(404, "Not Found", requestId));
}

function modelObject(id: string): JsonObject {
  const displayName = id.replace(/^claude-/, "Claude ").replace(/-(\d+)-(\d+)$/, " $1.$2").replace(/-/g, " ");
  return { type: "model", id, display_name: displayName.replace(/\b[a-z]/g, (letter) => letter.toUpperCase()), created_at: MODEL_CREATED_AT };
}

function listModels(ctx: EndpointContext): Promise<void> {
  const data = ctx.provider.chatModels.map(modelObject);
  const ids = ctx.provider.chatModels;
  return sendModels(ctx, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null });
}

async function sendModels(ctx: EndpointContext, body: JsonObject): Promise<void> {
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  sendJson(ctx.res, 200, body);
}
