import { buildChatReply } from "./chat-reply";
import { parseChatRequest } from "./chat-request";
import { completionObject, streamChunks, type CompletionMeta } from "./chat-response";
import { parseDirectives } from "./directives";
import { runPrelude, type EndpointContext } from "./endpoint-context";
import { badRequest, invalidJson, modelNotFound, sendError } from "./errors";
import { parseJson } from "./json";
import { sha256Hex } from "./prng";
import { writeEventStream, writeJsonBody } from "./stream-writer";

/** `POST /<provider>/v1/chat/completions` */
export async function handleChatCompletions(ctx: EndpointContext): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidJson());
  const parsed = parseChatRequest(json.value);
  if (!parsed.ok) return sendError(ctx.res, parsed.error);
  const request = parsed.value;
  if (!ctx.provider.chatModels.includes(request.model)) return sendError(ctx.res, modelNotFound(request.model));

  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const directives = parseDirectives([lastUser?.text ?? ""]);
  if (!directives.ok) return sendError(ctx.res, badRequest(directives.message, "messages", "invalid_value"));
  if (!(await runPrelude(ctx, directives.directives))) return;

  const { stallAfter, dropAfter, chunks, ttftMs, chunkDelayMs } = directives.directives;
  const meta: CompletionMeta = {
    // Derived from the exact request so repeated requests get repeated ids.
    id: `chatcmpl-${sha256Hex(`${ctx.provider.name}\n${ctx.body}`).slice(0, 24)}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    systemFingerprint: `fp_sim_${ctx.provider.name}`,
  };
  const reply = buildChatReply(ctx.provider.name, request, directives.directives, meta.id);

  if (!request.stream) {
    return writeJsonBody(ctx.res, ctx.signal, completionObject(meta, reply), { stallAfter, dropAfter });
  }
  const events = streamChunks(meta, reply, { includeUsage: request.includeUsage, contentChunks: chunks }).map((chunk) =>
    JSON.stringify(chunk),
  );
  events.push("[DONE]");
  await writeEventStream(ctx.res, ctx.signal, events, {
    ttftMs: ttftMs ?? ctx.provider.ttftMs,
    interChunkMs: chunkDelayMs ?? ctx.provider.interChunkMs,
    stallAfter,
    dropAfter,
  });
}
