import { GatewayError } from "../../errors/gateway-error";
import type { EmbeddingsRequest } from "../../schemas/openai/embeddings";
import type { TranslatedBody } from "../contract";
import { batchEmbedContentsResponseSchema, parseAs, readJson } from "./wire";

/** OpenAI's `input` as the texts Gemini embeds; Gemini tokenizes itself, so token arrays are refused. */
function inputTexts(input: EmbeddingsRequest["input"]): string[] {
  if (typeof input === "string") return [input];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item !== "string") {
      throw new GatewayError({ kind: "invalid_request", message: "Gemini targets embed text only: send input as strings, not tokens.", param: "input" });
    }
    texts.push(item);
  }
  return texts;
}

/** A `batchEmbedContents` body, one request per input; `model` is `models/<upstream model>`. */
export function toBatchEmbedBody(request: EmbeddingsRequest, modelName: string): object {
  const dimensions = request.dimensions;
  return {
    requests: inputTexts(request.input).map((text) => ({
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

/** Little-endian float32 bytes in base64: what OpenAI sends, and its SDKs ask for by default. */
export function float32Base64(values: readonly number[]): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
  const base64 = request.encoding_format === "base64";
  const data = response.embeddings.map((embedding, index) => {
    const values = request.dimensions !== undefined ? normalized(embedding.values) : embedding.values;
    return { object: "embedding", index, embedding: base64 ? float32Base64(values) : values };
  });
  const body = { object: "list", data, model: request.model, usage: { prompt_tokens: 0, total_tokens: 0 } };
  return { body: JSON.stringify(body), usage: null };
}
