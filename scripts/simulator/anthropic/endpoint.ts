import { buildChatReply } from "../chat-reply";
import { emptyDirectives, parseDirectives } from "../directives";
import { runPrelude, type EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { sendJson } from "../http-io";
import { parseJson } from "../json";
import { sha256Hex } from "../prng";
import { itemsBeforeStreamError } from "../stream-error";
import { writeFrames, writeJsonBody } from "../stream-writer";
import { anthropicError, invalidRequest, overloadedStreamError } from "./errors";
import { parseMessagesRequest } from "./request";
import { messageObject, sseFrame, streamEvents, type SseEvent } from "./response";

/** `POST /<provider>/v1/messages` */
export async function handleMessages(ctx: EndpointContext, requestId: string): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidRequest("There was an issue with the format or content of your request: invalid JSON body.", requestId));
  const parsed = parseMessagesRequest(json.value);
  if (!parsed.ok) return sendError(ctx.res, invalidRequest(parsed.message, requestId));
  const request = parsed.value;
  if (!ctx.provider.chatModels.includes(request.model)) return sendError(ctx.res, anthropicError(404, `model: ${request.model}`, requestId));

  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const directives = parseDirectives([lastUser?.text ?? ""], "anthropic");
  if (!directives.ok) return sendError(ctx.res, invalidRequest(directives.message, requestId));
  const effective = await runPrelude(ctx, directives.directives);
  if (effective === undefined) return;

  const { stallAfter, dropAfter, chunks, ttftMs, chunkDelayMs, streamError } = effective;
  // Derived from the exact request so repeated requests get repeated ids.
  const meta = { id: `msg_sim${sha256Hex(`${ctx.provider.name}\n${ctx.body}`).slice(0, 24)}`, model: request.model };
  const reply = buildChatReply(ctx.provider.name, request, effective, meta.id);
  if (!request.stream) return writeJsonBody(ctx.res, ctx.signal, messageObject(meta, reply), { stallAfter, dropAfter });

  let events = streamEvents(meta, reply, chunks);
  if (streamError !== undefined) {
    const error: SseEvent = { event: "error", data: overloadedStreamError() };
    events = [...itemsBeforeStreamError(events, streamError, (event) => event.event === "content_block_delta"), error];
  }
  await writeFrames(
    ctx.res,
    ctx.signal,
    events.map(sseFrame),
    { ttftMs: ttftMs ?? ctx.provider.ttftMs, interChunkMs: chunkDelayMs ?? ctx.provider.interChunkMs, stallAfter, dropAfter },
    "text/event-stream; charset=utf-8",
  );
}

/** `POST /<provider>/v1/messages/count_tokens`: the prompt tokens a Messages request would be charged. */
export async function handleCountTokens(ctx: EndpointContext, requestId: string): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidRequest("There was an issue with the format or content of your request: invalid JSON body.", requestId));
  const parsed = parseMessagesRequest(json.value, true);
  if (!parsed.ok) return sendError(ctx.res, invalidRequest(parsed.message, requestId));
  if (!ctx.provider.chatModels.includes(parsed.value.model)) {
    return sendError(ctx.res, anthropicError(404, `model: ${parsed.value.model}`, requestId));
  }
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  // The same count a Messages request with this prompt reports as usage.input_tokens.
  const reply = buildChatReply(ctx.provider.name, parsed.value, emptyDirectives(), "count");
  sendJson(ctx.res, 200, { input_tokens: reply.usage.prompt_tokens });
}
