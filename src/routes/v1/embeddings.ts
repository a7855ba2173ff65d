import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { dispatchToModel } from "../../routing/dispatch-to-model";
import { embeddingsRequestSchema } from "../../schemas/openai/embeddings";

/** `POST /v1/embeddings`: OpenAI's embeddings API, routed to the model's targets. */
export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { record } = c.var;
  const request = await readRequest(c, embeddingsRequestSchema);
  const { candidate, response } = await dispatchToModel(c, request.model, "embeddings", ["embeddings"], (target, call) =>
    target.adapter.embeddingsRequest(request, call),
  );
  const translated = candidate.adapter.embeddingsResponse(await response.text());
  record.usage = translated.usage;
  return new Response(translated.body, { headers: { "content-type": "application/json" } });
}
