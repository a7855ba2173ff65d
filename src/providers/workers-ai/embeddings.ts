import { GatewayError } from "../../errors/gateway-error";
import type { EmbeddingsTranslation } from "../contract";
import { embeddingTexts, openAIEmbeddingsList } from "../shared/openai-embeddings";

/** Workers AI text embeddings (`{text: string[]}` → `{shape, data}`); it reports no token usage. */
export const workersAIEmbeddings: EmbeddingsTranslation = {
  request: (request, call) => ({ transport: "workers-ai", model: call.upstreamModel, inputs: { text: embeddingTexts(request) } }),
  response(upstreamBody, request) {
    let data: unknown;
    try {
      data = (JSON.parse(upstreamBody) as { data?: unknown }).data;
    } catch {
      data = undefined;
    }
    const vectors = Array.isArray(data) && data.every((row) => Array.isArray(row)) ? (data as number[][]) : null;
    if (!vectors) throw new GatewayError({ kind: "upstream_failed", status: 200, detail: "Workers AI embeddings answer has no data" });
    return { body: openAIEmbeddingsList(vectors, request.model, request, null), usage: null };
  },
};
