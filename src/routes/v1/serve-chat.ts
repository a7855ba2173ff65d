import type { Context } from "hono";
import { chatRequestWithinAccess } from "../../governance/access/chat-access";
import type { AppEnv } from "../../http/context";
import type { StreamCompletion, StreamOptions } from "../../providers/contract";
import type { Dispatched } from "../../routing/dispatch";
import { guardInput } from "../../guardrails/guard-input";
import { completionAfterVerdicts, guardStream } from "../../guardrails/guard-stream";
import { guardWholeAnswer } from "../../guardrails/guard-whole-answer";
import { outputGuardsOf } from "../../guardrails/output-guards";
import { estimateChatUsage } from "../../limits/estimate";
import { type DispatchPreferences, dispatchToModel } from "../../routing/dispatch-to-model";
import { readUpstreamBody } from "../../routing/read-upstream-body";
import type { Capability } from "../../routing/resolve-route";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";

/** A chat answer in OpenAI's format, whole or streamed, whichever ingress format the client spoke. */
export type ChatOutcome =
  | { readonly streamed: false; readonly body: string }
  | {
      readonly streamed: true;
      /** OpenAI `chat.completion.chunk` SSE bytes. */
      readonly body: ReadableStream<Uint8Array>;
      /** Settles once the stream has ended and the output guardrails' verdicts are recorded. */
      readonly completion: Promise<StreamCompletion>;
      readonly upstream: Dispatched;
      /** The output guardrails' verdicts, recorded once the stream ends; null when none run. */
      readonly guardrailVerdicts: Promise<void> | null;
    };

function hasImage(request: ChatCompletionRequest): boolean {
  return request.messages.some(
    (message) => message.role === "user" && Array.isArray(message.content) && message.content.some((part) => part.type === "image_url"),
  );
}

/** What a chat request needs from a provider beyond plain chat. */
export function chatNeeds(request: ChatCompletionRequest): Capability[] {
  const needs: Capability[] = ["chat"];
  if (request.stream) needs.push("streaming");
  if (request.tools && request.tools.length > 0) needs.push("tools");
  if (hasImage(request)) needs.push("vision");
  const format = request.response_format?.type;
  if (format === "json_object" || format === "json_schema") needs.push("jsonMode");
  return needs;
}

/**
 * Routes a validated chat request, once access and the input guardrails let it through, to the
 * model's targets and translates the answer to OpenAI's format.
 */
export async function serveChat(c: Context<AppEnv>, request: ChatCompletionRequest, preferences: DispatchPreferences = {}): Promise<ChatOutcome> {
  request = await guardInput(c, await chatRequestWithinAccess(c, request));
  const dispatched = await dispatchToModel(
    c,
    request.model,
    "chat",
    chatNeeds(request),
    estimateChatUsage(request, c.var.config.limits.defaultOutputTokens),
    (target, call) => target.adapter.chatRequest(gatewayNeedsUsage(c, request) ? withStreamUsage(request) : request, call),
    preferences,
  );
  return chatOutcome(c, dispatched, request);
}

/**
 * A limited stream is settled from its usage, which an OpenAI-format upstream sends only when asked:
 * the gateway asks on its own when the client did not (and withholds the chunk from it), so the
 * request is charged what it used rather than its whole reservation.
 */
function gatewayNeedsUsage(c: Context<AppEnv>, request: ChatCompletionRequest): boolean {
  return request.stream === true && request.stream_options?.include_usage !== true && Boolean(c.var.record.limits?.reservationId);
}

function withStreamUsage(request: ChatCompletionRequest): ChatCompletionRequest {
  return { ...request, stream_options: { ...request.stream_options, include_usage: true } };
}

/**
 * The serving candidate's answer translated to OpenAI's format, whole or streamed, through the output
 * guardrails. A stream is guarded by the target's idle limit unless the caller reads and guards it
 * itself (`idleTimeoutMs` 0).
 */
export async function chatOutcome(
  c: Context<AppEnv>,
  dispatched: Dispatched,
  request: ChatCompletionRequest,
  idleTimeoutMs: number = dispatched.candidate.timeouts.idleMs,
): Promise<ChatOutcome> {
  const { candidate, response } = dispatched;
  const guards = await outputGuardsOf(c);
  if (request.stream && response.body) {
    const streamOptions: StreamOptions = { idleTimeoutMs, withholdUsageEvent: gatewayNeedsUsage(c, request) };
    const translated = candidate.adapter.chatStream(response.body, request, streamOptions);
    if (!guards) return { streamed: true, body: translated.body, completion: translated.completion, upstream: dispatched, guardrailVerdicts: null };
    const guarded = guardStream(c.var.record, translated.body, guards);
    const completion = completionAfterVerdicts(translated.completion, guarded.verdictsRecorded);
    return { streamed: true, body: guarded.body, completion, upstream: dispatched, guardrailVerdicts: guarded.verdictsRecorded };
  }
  const translated = candidate.adapter.chatResponse(await readUpstreamBody(dispatched), request);
  c.var.record.usage = translated.usage;
  return { streamed: false, body: guards ? guardWholeAnswer(c.var.record, translated.body, guards) : translated.body };
}
