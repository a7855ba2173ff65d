import { buildChatReply } from "../chat-reply";
import { emptyDirectives } from "../directives";
import { runPrelude, type EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { sendJson } from "../http-io";
import { isRecord, parseJson, type JsonObject } from "../json";
import { invalidArgument, modelNotFound } from "./errors";
import { parseGenerateRequest } from "./request";

function modelObject(ctx: EndpointContext, id: string): JsonObject {
  const chat = ctx.provider.chatModels.includes(id);
  const displayName = id
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  return {
    name: `models/${id}`,
    version: "001",
    displayName,
    inputTokenLimit: chat ? 1_048_576 : 2048,
    outputTokenLimit: chat ? 65_536 : 1,
    supportedGenerationMethods: chat ? ["generateContent", "countTokens"] : ["embedContent", "countTokens"],
  };
}

function allModels(ctx: EndpointContext): string[] {
  return [...ctx.provider.chatModels, ...ctx.provider.embeddingModels];
}

/** `GET .../v1beta/models` */
export async function handleListModels(ctx: EndpointContext): Promise<void> {
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  sendJson(ctx.res, 200, { models: allModels(ctx).map((id) => modelObject(ctx, id)) });
}

/** `GET .../v1beta/models/{model}` */
export async function handleGetModel(ctx: EndpointContext, id: string): Promise<void> {
  if (!allModels(ctx).includes(id)) return sendError(ctx.res, modelNotFound(id, "getModel"));
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  sendJson(ctx.res, 200, modelObject(ctx, id));
}

/** `POST .../models/{model}:countTokens` with `contents` or a whole `generateContentRequest`: the prompt tokens generateContent reports. */
export async function handleCountTokens(ctx: EndpointContext, model: string): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidArgument("Invalid JSON payload received. Unexpected token."));
  if (!ctx.provider.chatModels.includes(model)) return sendError(ctx.res, modelNotFound(model, "countTokens"));
  const wrapped = isRecord(json.value) ? json.value.generateContentRequest : undefined;
  const inner = isRecord(wrapped) ? wrapped : json.value;
  const parsed = parseGenerateRequest(inner, model, false);
  if (!parsed.ok) return sendError(ctx.res, invalidArgument(parsed.message));
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  const tokens = buildChatReply(ctx.provider.name, parsed.value.chat, emptyDirectives(), "count").usage.prompt_tokens;
  sendJson(ctx.res, 200, { totalTokens: tokens, promptTokensDetails: [{ modality: "TEXT", tokenCount: tokens }] });
}
