import { buildChatReply } from "../chat-reply";
import { parseDirectives } from "../directives";
import { runPrelude, type EndpointContext } from "../endpoint-context";
import { sendError } from "../errors";
import { parseJson, type JsonObject } from "../json";
import { sha256Hex } from "../prng";
import { itemsBeforeStreamError } from "../stream-error";
import { writeFrames, writeJsonBody } from "../stream-writer";
import { invalidArgument, modelNotFound, streamErrorBody } from "./errors";
import { parseGenerateRequest } from "./request";
import { generateResponse, promptBlockedResponse, safetyBlockedResponse, streamResponses, type ResponseMeta } from "./response";

/** `POST .../models/{model}:generateContent` and `:streamGenerateContent` (SSE with `?alt=sse`, else a streamed JSON array). */
export async function handleGenerate(ctx: EndpointContext, model: string, stream: boolean): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidArgument("Invalid JSON payload received. Unexpected token."));
  if (!ctx.provider.chatModels.includes(model)) return sendError(ctx.res, modelNotFound(model, stream ? "streamGenerateContent" : "generateContent"));
  const parsed = parseGenerateRequest(json.value, model, stream);
  if (!parsed.ok) return sendError(ctx.res, invalidArgument(parsed.message));
  const { chat, candidateCount } = parsed.value;

  const lastUser = [...chat.messages].reverse().find((message) => message.role === "user");
  const directives = parseDirectives([lastUser?.text ?? ""], "gemini");
  if (!directives.ok) return sendError(ctx.res, invalidArgument(directives.message));
  const effective = await runPrelude(ctx, directives.directives);
  if (effective === undefined) return;

  const { stallAfter, dropAfter, chunks, ttftMs, chunkDelayMs, streamError, safetyBlock, promptBlock } = effective;
  // Derived from the exact request so repeated requests get repeated ids.
  const digest = sha256Hex(`${ctx.provider.name}\n${ctx.url.pathname}\n${ctx.body}`);
  const meta: ResponseMeta = { model, responseId: Buffer.from(digest, "hex").toString("base64url").slice(0, 22), candidateCount };
  const reply = buildChatReply(ctx.provider.name, chat, effective, digest);
  const blocked = promptBlock ? promptBlockedResponse(meta, reply) : safetyBlock ? safetyBlockedResponse(meta, reply) : undefined;

  if (!stream) return writeJsonBody(ctx.res, ctx.signal, blocked ?? generateResponse(meta, reply), { stallAfter, dropAfter });

  let responses = blocked === undefined ? streamResponses(meta, reply, chunks) : [blocked];
  if (streamError !== undefined) {
    responses = [...itemsBeforeStreamError(responses, streamError, (response) => Array.isArray(response.candidates)), streamErrorBody()];
  }
  const sse = ctx.url.searchParams.get("alt") === "sse";
  await writeFrames(
    ctx.res,
    ctx.signal,
    sse ? responses.map((response) => `data: ${JSON.stringify(response)}\r\n\r\n`) : jsonArrayFrames(responses),
    { ttftMs: ttftMs ?? ctx.provider.ttftMs, interChunkMs: chunkDelayMs ?? ctx.provider.interChunkMs, stallAfter, dropAfter },
    sse ? "text/event-stream" : "application/json; charset=UTF-8",
  );
}

/** Without `alt=sse` Gemini streams one JSON array, an element at a time. */
function jsonArrayFrames(responses: JsonObject[]): string[] {
  const frames = responses.map((response, index) => `${index === 0 ? "[" : ",\r\n"}${JSON.stringify(response, null, 2)}`);
  frames.push("]");
  return frames;
}
