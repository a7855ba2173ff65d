import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { respondWithStream } from "../../http/respond-with-stream";
import { chatCompletionRequestSchema } from "../../schemas/openai/chat";
import { serveChat } from "./serve-chat";

/** `POST /v1/chat/completions`: OpenAI's chat API, plain or streamed, routed to the model's targets. */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const request = await readRequest(c, chatCompletionRequestSchema);
  const outcome = await serveChat(c, request);
  if (outcome.streamed) return respondWithStream(c.var.record, outcome.body, outcome.completion, outcome.upstream);
  return new Response(outcome.body, { headers: { "content-type": "application/json" } });
}
