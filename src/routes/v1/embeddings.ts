import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { parseRequest } from "../../http/parse-request";
import { readJsonBody } from "../../http/read-json-body";
import { dispatchToModel } from "../../routing/dispatch-to-model";
import { embeddingsRequestSchema } from "../../schemas/openai/embeddings";

/** `POST /v1/embeddings`: OpenAI's embeddings API, routed to the model's targets. */
export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { config, record } = c.var;
  const request = parseRequest(embeddingsRequestSchema, await readJsonBody(c.req.raw, config.settings.maxBodyBytes));
  const { candidate, response } = await dispatchToModel(c, request.model, "embeddings", ["embeddings"], (target, call) =>
    target.adapter.embeddingsRequest(request, call),
  );
  const translated = candidate.adapter.embeddingsResponse(await response.text());
  record.usage = translated.usage;
  return new Response(translated.body, { headers: { "content-type": "application/json" } });
}
