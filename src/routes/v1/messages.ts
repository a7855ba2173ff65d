import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { respondWithStream } from "../../http/respond-with-stream";
import { fromOpenAIResponse } from "../../ingress/anthropic/from-openai-response";
import { anthropicMessagesRequestSchema } from "../../ingress/anthropic/request-schema";
import { toAnthropicStream } from "../../ingress/anthropic/stream";
import { toOpenAIRequest } from "../../ingress/anthropic/to-openai-request";
import { serveChat } from "./serve-chat";

/**
 * `POST /v1/messages`: Anthropic's Messages API, so clients on Anthropic's SDK can call any provider.
 * The request is translated to the gateway's OpenAI form, routed like any chat request, and the
 * answer translated back.
 */
export async function messages(c: Context<AppEnv>): Promise<Response> {
  const anthropicRequest = await readRequest(c, anthropicMessagesRequestSchema);
  // The Anthropic translation reads the usage from the stream itself.
  const outcome = await serveChat(c, toOpenAIRequest(anthropicRequest), { observeCompletion: false });
  if (outcome.streamed) {
    const translated = toAnthropicStream(outcome.body, anthropicRequest.model);
    return respondWithStream(c.var.record, translated.body, translated.completion, outcome.abortUpstream);
  }
  return new Response(fromOpenAIResponse(outcome.body, anthropicRequest.model), { headers: { "content-type": "application/json" } });
}
