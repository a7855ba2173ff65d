import { GatewayError } from "../../errors/gateway-error";
import type { EmbeddingsRequest } from "../../schemas/openai/embeddings";
import type { TokenUsage } from "../../schemas/usage";

/**
 * The embeddings request's inputs as texts. Providers other than OpenAI embed text, not OpenAI's
 * token ids, so token arrays are refused with a 400.
 */
export function embeddingTexts(request: EmbeddingsRequest): string[] {
  const input = request.input;
  if (typeof input === "string") return [input];
  const texts = input.filter((item): item is string => typeof item === "string");
  if (texts.length !== input.length) {
    throw new GatewayError({
      kind: "invalid_request",
      message: "This model embeds text: send 'input' as a string or an array of strings, not token ids.",
      param: "input",
    });
  }
  return texts;
}

/** A vector as OpenAI's `encoding_format: "base64"` carries it: little-endian float32, base64. */
function base64Float32(vector: readonly number[]): string {
  const bytes = new Uint8Array(Float32Array.from(vector).buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * OpenAI's embeddings list from vectors in input order. The official SDKs ask for base64 by default,
 * so it is honoured. `usage` null (the provider reports none) is written as zeros, which SDKs expect.
 */
export function openAIEmbeddingsList(
  vectors: readonly (readonly number[])[],
  model: string,
  request: EmbeddingsRequest,
  usage: TokenUsage | null,
): string {
  const base64 = request.encoding_format === "base64";
  return JSON.stringify({
    object: "list",
    data: vectors.map((vector, index) => ({ object: "embedding", index, embedding: base64 ? base64Float32(vector) : vector })),
    model,
    usage: { prompt_tokens: usage?.inputTokens ?? 0, total_tokens: usage?.totalTokens ?? 0 },
  });
}
