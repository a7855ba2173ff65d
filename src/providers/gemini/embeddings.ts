import { GatewayError } from "../../errors/gateway-error";
import type { EmbeddingsRequest } from "../../schemas/openai/embeddings";
import type { TranslatedBody } from "../contract";
import { embeddingTexts, openAIEmbeddingsList } from "../shared/openai-embeddings";
import { batchEmbedContentsResponseSchema, parseAs, readJson } from "./wire";

/** A `batchEmbedContents` body, one request per input; `model` is `models/<upstream model>`. */
export function toBatchEmbedBody(request: EmbeddingsRequest, modelName: string): object {
  const dimensions = request.dimensions;
  return {
    requests: embeddingTexts(request).map((text) => ({
      model: modelName,
      content: { parts: [{ text }] },
      ...(dimensions !== undefined ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

/**
 * Gemini normalizes only full-size embeddings; OpenAI's shortened ones are unit vectors, which
 * clients comparing by dot product rely on, so shortened Gemini embeddings are normalized here.
 */
function normalized(values: readonly number[]): number[] {
  let sum = 0;
  for (const value of values) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm > 0 ? values.map((value) => value / norm) : [...values];
}

/**
 * A `batchEmbedContents` answer as OpenAI's embeddings list. Gemini reports no token counts here, so
 * the body carries zeros where SDKs expect numbers, and the usage handed to metering is null rather
 * than a made-up count.
 */
export function translateEmbeddingsResponse(upstreamBody: string, request: EmbeddingsRequest): TranslatedBody {
  const response = parseAs(batchEmbedContentsResponseSchema, readJson(upstreamBody));
  if (response === null) {
    throw new GatewayError({ kind: "upstream_failed", status: 200, detail: "Gemini answered 200 with a body that is not a BatchEmbedContentsResponse" });
  }
  const vectors = response.embeddings.map((embedding) =>
    request.dimensions !== undefined ? normalized(embedding.values) : embedding.values,
  );
  return { body: openAIEmbeddingsList(vectors, request.model, request, null), usage: null };
}
