import { parseDirectives } from "../directives";
import { embeddingVector } from "../embedding-vectors";
import { runPrelude, type EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { isRecord, parseJson } from "../json";
import { writeJsonBody } from "../stream-writer";
import type { Checked } from "./contents";
import { invalidArgument, modelNotFound } from "./errors";
import { field, unknownField, unknownFieldMessage } from "./fields";

// Small by default like the OpenAI embeddings of this simulator; `outputDimensionality` asks for more.
const DEFAULT_DIMENSIONS = 16;
const MAX_DIMENSIONS = 3072;
const EMBED_FIELDS = ["model", "content", "taskType", "title", "outputDimensionality"];

interface EmbedItem {
  text: string;
  dimensions: number;
}

/** `POST .../models/{model}:embedContent` → `{embedding:{values}}`; `:batchEmbedContents` → `{embeddings:[{values}]}`. */
export async function handleEmbed(ctx: EndpointContext, model: string, batch: boolean): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidArgument("Invalid JSON payload received. Unexpected token."));
  if (!ctx.provider.embeddingModels.includes(model)) return sendError(ctx.res, modelNotFound(model, batch ? "batchEmbedContents" : "embedContent"));
  const items = batch ? parseBatch(json.value, model) : parseSingle(json.value);
  if (!items.ok) return sendError(ctx.res, invalidArgument(items.message));

  const directives = parseDirectives(items.value.map((item) => item.text), "gemini");
  if (!directives.ok) return sendError(ctx.res, invalidArgument(directives.message));
  const effective = await runPrelude(ctx, directives.directives);
  if (effective === undefined) return;

  const vectors = items.value.map((item) => ({ values: embeddingVector(model, { kind: "text", text: item.text }, item.dimensions) }));
  const body = batch ? { embeddings: vectors } : { embedding: vectors[0] ?? { values: [] } };
  const { stallAfter, dropAfter } = effective;
  await writeJsonBody(ctx.res, ctx.signal, body, { stallAfter, dropAfter });
}

function parseSingle(body: unknown): Checked<EmbedItem[]> {
  const item = parseEmbedRequest(body, "EmbedContentRequest");
  return item.ok ? { ok: true, value: [item.value] } : item;
}

function parseBatch(body: unknown, model: string): Checked<EmbedItem[]> {
  if (!isRecord(body)) return fail("Invalid JSON payload received. Expected an object.");
  const unknown = unknownField(body, ["requests"]);
  if (unknown !== undefined) return fail(unknownFieldMessage(unknown));
  if (!Array.isArray(body.requests) || body.requests.length === 0) return fail("* BatchEmbedContentsRequest.requests: at least one request is required\n");
  const items: EmbedItem[] = [];
  for (const [index, request] of body.requests.entries()) {
    const where = `BatchEmbedContentsRequest.requests[${index}]`;
    const named = isRecord(request) ? request.model : undefined;
    if (named !== `models/${model}`) {
      return fail(`* ${where}.model: model must be "models/${model}", the model in the request URL; got ${JSON.stringify(named ?? null)}\n`);
    }
    const item = parseEmbedRequest(request, where);
    if (!item.ok) return item;
    items.push(item.value);
  }
  return { ok: true, value: items };
}

function parseEmbedRequest(body: unknown, where: string): Checked<EmbedItem> {
  if (!isRecord(body)) return fail("Invalid JSON payload received. Expected an object.");
  const unknown = unknownField(body, EMBED_FIELDS);
  if (unknown !== undefined) return fail(unknownFieldMessage(unknown));
  const content = body.content;
  if (!isRecord(content)) return fail(`* ${where}.content: content is not specified\n`);
  const parts = content.parts;
  if (!Array.isArray(parts) || parts.length === 0) return fail(`* ${where}.content.parts: contents.parts must not be empty.\n`);
  const texts = parts.flatMap((part) => (isRecord(part) && typeof part.text === "string" ? [part.text] : []));
  if (texts.length !== parts.length) return fail(`* ${where}.content.parts: only text parts can be embedded\n`);
  const dimensions = field(body, "outputDimensionality") ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return fail(`* ${where}.output_dimensionality: must be between 1 and ${MAX_DIMENSIONS}\n`);
  }
  return { ok: true, value: { text: texts.join("\n"), dimensions } };
}

function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
