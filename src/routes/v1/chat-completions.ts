import type { Context } from "hono";
import { jsonAnswer } from "../../http/json-answer";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { respondWithStream } from "../../http/respond-with-stream";
import { chatCompletionRequestSchema } from "../../schemas/openai/chat";
import { sessionRequestFrom } from "../../sessions/session-headers";
import { chatOnSession } from "./chat-on-session";
import { serveChat } from "./serve-chat";

/**
 * `POST /v1/chat/completions`: OpenAI's chat API, plain or streamed, routed to the model's targets;
 * with `x-session-id`, a turn of a stored conversation (docs/sessions.md).
 */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const session = sessionRequestFrom((name) => c.req.header(name));
  const request = await readRequest(c, chatCompletionRequestSchema);
  if (session) return chatOnSession(c, request, session);
  const outcome = await serveChat(c, request);
  if (outcome.streamed) return respondWithStream(c.var.record, outcome.body, outcome.completion, outcome.upstream);
  return jsonAnswer(c.var.record, outcome.body);
}
