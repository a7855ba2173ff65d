import { buildChatReply } from "./chat-reply";
import { parseChatRequest } from "./chat-request";
import { completionObject, isContentChunk, streamChunks, type CompletionMeta } from "./chat-response";
import { parseDirectives, type SimDirectives } from "./directives";
import { runPrelude, type EndpointContext } from "./endpoint-context";
import { badRequest, invalidJson, modelNotFound, openAIStreamError, sendError, type SimError } from "./errors";
import { isRecord, parseJson, type JsonObject } from "./json";
import { sha256Hex } from "./prng";
import { formatOf } from "./profiles";
import { itemsBeforeStreamError } from "./stream-error";
import { writeEventStream, writeJsonBody } from "./stream-writer";

/** How a dialect of the OpenAI format (Azure) differs from OpenAI's own endpoints. */
export interface OpenAIFlavour {
  /** The URL names the model (an Azure deployment): it replaces any `model` in the body. */
  model?: string;
  /** An error a format-only directive provokes, answered after the latency (Azure's content_filter). */
  directiveError?(directives: SimDirectives): SimError | undefined;
  decorateCompletion?(completion: JsonObject): JsonObject;
  decorateChunks?(chunks: JsonObject[]): JsonObject[];
}

/** `POST /<provider>/v1/chat/completions` (and Azure's deployment route, through `flavour`). */
export async function handleChatCompletions(ctx: EndpointContext, flavour: OpenAIFlavour = {}): Promise<void> {
  const json = parseJson(ctx.body);
  if (!json.ok) return sendError(ctx.res, invalidJson());
  const body = flavour.model !== undefined && isRecord(json.value) ? { ...json.value, model: flavour.model } : json.value;
  const parsed = parseChatRequest(body);
  if (!parsed.ok) return sendError(ctx.res, parsed.error);
  const request = parsed.value;
  if (!ctx.provider.chatModels.includes(request.model)) return sendError(ctx.res, modelNotFound(request.model));

  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const directives = parseDirectives([lastUser?.text ?? ""], formatOf(ctx.provider));
  if (!directives.ok) return sendError(ctx.res, badRequest(directives.message, "messages", "invalid_value"));
  const effective = await runPrelude(ctx, directives.directives, flavour.directiveError?.(directives.directives));
  if (effective === undefined) return;

  const { stallAfter, dropAfter, chunks, ttftMs, chunkDelayMs, streamError } = effective;
  const meta: CompletionMeta = {
    // Derived from the exact request so repeated requests get repeated ids.
    id: `chatcmpl-${sha256Hex(`${ctx.provider.name}\n${ctx.body}`).slice(0, 24)}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    systemFingerprint: `fp_sim_${ctx.provider.name}`,
  };
  const reply = buildChatReply(ctx.provider.name, request, effective, meta.id);

  if (!request.stream) {
    const completion = completionObject(meta, reply);
    const decorated = flavour.decorateCompletion?.(completion) ?? completion;
    return writeJsonBody(ctx.res, ctx.signal, decorated, { stallAfter, dropAfter });
  }
  const all = streamChunks(meta, reply, { includeUsage: request.includeUsage, contentChunks: chunks });
  const kept = streamError === undefined ? all : itemsBeforeStreamError(all, streamError, isContentChunk);
  const decorated = flavour.decorateChunks?.(kept) ?? kept;
  const events = decorated.map((chunk) => JSON.stringify(chunk));
  events.push(streamError === undefined ? "[DONE]" : JSON.stringify(openAIStreamError()));
  await writeEventStream(ctx.res, ctx.signal, events, {
    ttftMs: ttftMs ?? ctx.provider.ttftMs,
    interChunkMs: chunkDelayMs ?? ctx.provider.interChunkMs,
    stallAfter,
    dropAfter,
  });
}
