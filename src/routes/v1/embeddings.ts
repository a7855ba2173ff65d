import type { Context } from "hono";
import { jsonAnswer } from "../../http/json-answer";
import type { Candidate } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import type { EmbeddingsTranslation } from "../../providers/contract";
import { estimateEmbeddingsUsage } from "../../limits/estimate";
import { dispatchToModel } from "../../routing/dispatch-to-model";
import { readUpstreamBody } from "../../routing/read-upstream-body";
import { embeddingsRequestSchema } from "../../schemas/openai/embeddings";

/** Candidates reach here only when they declare embeddings, so a missing translation is a bug. */
function embeddingsOf(candidate: Candidate): EmbeddingsTranslation {
  const translation = candidate.adapter.embeddings;
  if (!translation) throw new GatewayError({ kind: "internal", detail: `target ${candidate.target} has no embeddings translation` });
  return translation;
}

/** `POST /v1/embeddings`: OpenAI's embeddings API, routed to the model's targets. */
export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { record } = c.var;
  const request = await readRequest(c, embeddingsRequestSchema);
  const dispatched = await dispatchToModel(c, request.model, "embeddings", ["embeddings"], estimateEmbeddingsUsage(request), (target, call) =>
    embeddingsOf(target).request(request, call),
  );
  const translated = embeddingsOf(dispatched.candidate).response(await readUpstreamBody(dispatched), request);
  record.usage = translated.usage;
  return jsonAnswer(record, translated.body);
}
