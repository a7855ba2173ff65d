import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { parseRequest } from "../../http/parse-request";
import { readJsonBody } from "../../http/read-json-body";
import { newRouteTrace } from "../../routing/attempt";
import { dispatch } from "../../routing/dispatch";
import { dispatchOptions } from "../../routing/dispatch-options";
import { capableCandidates, resolveRoute } from "../../routing/resolve-route";
import { embeddingsRequestSchema } from "../../schemas/openai/embeddings";

/** `POST /v1/embeddings`: OpenAI's embeddings API, routed to the model's targets. */
export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { config, record } = c.var;
  const request = parseRequest(embeddingsRequestSchema, await readJsonBody(c.req.raw, config.settings.maxBodyBytes));
  record.model = request.model;
  const candidates = capableCandidates(resolveRoute(config, request.model, "embeddings"), ["embeddings"]);

  const trace = newRouteTrace();
  record.trace = trace;
  const { candidate, response } = await dispatch(
    candidates,
    (target, apiKey) => target.adapter.embeddingsRequest(request, { upstreamModel: target.upstreamModel, apiKey }),
    dispatchOptions(c.env, config.settings),
    trace,
  );
  const translated = candidate.adapter.embeddingsResponse(await response.text());
  record.usage = translated.usage;
  return new Response(translated.body, { headers: { "content-type": "application/json" } });
}
