import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { settleStream } from "../../http/settle-stream";
import { watchStreamEnd } from "../../http/watch-stream-end";
import { dispatchToModel } from "../../routing/dispatch-to-model";
import type { Capability } from "../../routing/resolve-route";
import { type ChatCompletionRequest, chatCompletionRequestSchema } from "../../schemas/openai/chat";

/** What a chat request needs from a provider beyond plain chat. */
function chatNeeds(request: ChatCompletionRequest): Capability[] {
  const needs: Capability[] = ["chat"];
  if (request.stream) needs.push("streaming");
  if (request.tools && request.tools.length > 0) needs.push("tools");
  const format = request.response_format?.type;
  if (format === "json_object" || format === "json_schema") needs.push("jsonMode");
  return needs;
}

/** `POST /v1/chat/completions`: OpenAI's chat API, plain or streamed, routed to the model's targets. */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const { record } = c.var;
  const request = await readRequest(c, chatCompletionRequestSchema);
  const { candidate, response, abortUpstream } = await dispatchToModel(c, request.model, "chat", chatNeeds(request), (target, call) =>
    target.adapter.chatRequest(request, call),
  );

  if (request.stream && response.body) {
    const translated = candidate.adapter.chatStream(response.body, request);
    const { stream, delivered } = watchStreamEnd(translated.body);
    record.streamEnd = settleStream(delivered, translated.completion, abortUpstream).then(({ end, usage }) => {
      record.usage = usage;
      return end;
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    });
  }

  const translated = candidate.adapter.chatResponse(await response.text());
  record.usage = translated.usage;
  return new Response(translated.body, { headers: { "content-type": "application/json" } });
}
