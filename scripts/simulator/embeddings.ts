import type { OpenAIFlavour } from "./chat-endpoint";
import type { Parsed } from "./chat-request";
import { parseDirectives } from "./directives";
import { embeddingVector, toBase64Float32, type EmbeddingInput } from "./embedding-vectors";
import { runPrelude, type EndpointContext } from "./endpoint-context";
import { badRequest, invalidJson, modelNotFound, sendError } from "./errors";
import { isRecord, parseJson } from "./json";
import { formatOf } from "./profiles";
import { writeJsonBody } from "./stream-writer";
import { countTokens } from "./tokens";

const DEFAULT_DIMENSIONS = 16;
const MAX_DIMENSIONS = 8192;

/** `POST /<provider>/v1/embeddings` (and Azure's deployment route, with the deployment as `flavour.model`). */
export async function handleEmbeddings(ctx: EndpointContext, flavour: Pick<OpenAIFlavour, "model" | "directiveError"> = {}): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidJson());
  const body = flavour.model !== undefined && isRecord(json.value) ? { ...json.value, model: flavour.model } : json.value;
  if (!isRecord(body)) return sendError(ctx.res, badRequest("The request body must be a JSON object.", null, "invalid_type"));
  if (typeof body.model !== "string" || body.model === "") {
    return sendError(ctx.res, badRequest("you must provide a model parameter", "model", "missing_required_parameter"));
  }
  const inputs = parseInputs(body.input);
  if (!inputs.ok) return sendError(ctx.res, inputs.error);
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    return sendError(ctx.res, badRequest("Invalid 'encoding_format': expected 'float' or 'base64'.", "encoding_format", "invalid_value"));
  }
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return sendError(ctx.res, badRequest(`Invalid 'dimensions': expected an integer from 1 to ${MAX_DIMENSIONS}.`, "dimensions", "invalid_value"));
  }
  if (!ctx.provider.embeddingModels.includes(body.model)) return sendError(ctx.res, modelNotFound(body.model));

  const texts = inputs.value.flatMap((input) => (input.kind === "text" ? [input.text] : []));
  const directives = parseDirectives(texts, formatOf(ctx.provider));
  if (!directives.ok) return sendError(ctx.res, badRequest(directives.message, "input", "invalid_value"));
  const effective = await runPrelude(ctx, directives.directives, flavour.directiveError?.(directives.directives));
  if (effective === undefined) return;

  const model = body.model;
  const data = inputs.value.map((input, index) => {
    const vector = embeddingVector(model, input, dimensions);
    return { object: "embedding", index, embedding: format === "base64" ? toBase64Float32(vector) : vector };
  });
  const promptTokens = inputs.value.reduce(
    (sum, input) => sum + (input.kind === "text" ? countTokens(input.text) : input.tokens.length),
    0,
  );
  const response = { object: "list", data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
  const { stallAfter, dropAfter } = effective;
  await writeJsonBody(ctx.res, ctx.signal, response, { stallAfter, dropAfter });
}

/** `input` may be a string, an array of strings, one token array, or an array of token arrays. */
function parseInputs(input: unknown): Parsed<EmbeddingInput[]> {
  const invalid: Parsed<EmbeddingInput[]> = {
    ok: false,
    error: badRequest("Invalid 'input': expected a string, an array of strings, or an array of token arrays.", "input", "invalid_value"),
  };
  if (input === undefined || input === null) {
    return { ok: false, error: badRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter") };
  }
  if (typeof input === "string") return { ok: true, value: [{ kind: "text", text: input }] };
  if (!Array.isArray(input) || input.length === 0) return invalid;
  if (input.every((entry): entry is string => typeof entry === "string")) {
    return { ok: true, value: input.map((text) => ({ kind: "text", text })) };
  }
  if (isTokenArray(input)) return { ok: true, value: [{ kind: "tokens", tokens: input }] };
  if (input.every((entry): entry is number[] => isTokenArray(entry) && entry.length > 0)) {
    return { ok: true, value: input.map((tokens) => ({ kind: "tokens", tokens })) };
  }
  return invalid;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "number" && Number.isInteger(entry) && entry >= 0);
}
