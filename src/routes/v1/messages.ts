import type { Context } from "hono";
import { chatRequestWithinAccess } from "../../governance/access/chat-access";
import { jsonAnswer } from "../../http/json-answer";
import { GatewayError } from "../../errors/gateway-error";
import { guardInput } from "../../guardrails/guard-input";
import { completionAfterVerdicts } from "../../guardrails/guard-stream";
import { outputGuardsOf } from "../../guardrails/output-guards";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { respondWithStream } from "../../http/respond-with-stream";
import { fromOpenAIResponse } from "../../ingress/anthropic/from-openai-response";
import { anthropicMessagesRequestSchema } from "../../ingress/anthropic/request-schema";
import { toAnthropicStream } from "../../ingress/anthropic/stream";
import { toOpenAIRequest } from "../../ingress/anthropic/to-openai-request";
import type { NativePassThrough } from "../../providers/contract";
import type { Dispatched } from "../../routing/dispatch";
import { estimateChatUsage } from "../../limits/estimate";
import { dispatchToModel } from "../../routing/dispatch-to-model";
import { readUpstreamBody } from "../../routing/read-upstream-body";
import { sessionIdHeader } from "../../sessions/session-headers";
import { chatNeeds, chatOutcome } from "./serve-chat";

/**
 * `POST /v1/messages`: Anthropic's Messages API, so clients on Anthropic's SDK can call any provider.
 * The request is translated to the gateway's OpenAI form for routing; a target that speaks Anthropic's
 * API itself gets the request as sent and its answer passes back untouched, any other gets the
 * translation and its answer is translated back. The input guardrails read the translation; when an
 * output guardrail applies or personal data was masked in the prompt, every target gets the
 * translation, since only OpenAI's form is guarded and masked.
 */
export async function messages(c: Context<AppEnv>): Promise<Response> {
  if (c.req.header(sessionIdHeader) !== undefined) {
    throw new GatewayError({
      kind: "invalid_request",
      message: "Sessions (x-session-id) are served on /v1/chat/completions only; send the whole conversation to /v1/messages, or use /v1/chat/completions.",
      param: sessionIdHeader,
    });
  }
  const sent = await readRequest(c, anthropicMessagesRequestSchema);
  // Access first: a model or tool off the caller's lists is refused, and output tokens held to its ceiling, in both forms.
  const allowed = await chatRequestWithinAccess(c, toOpenAIRequest(sent));
  const anthropicRequest = { ...sent, max_tokens: allowed.max_tokens ?? sent.max_tokens };
  const request = await guardInput(c, allowed);
  const passThrough = request === allowed && (await outputGuardsOf(c)) === null;
  const nativeOf = (adapter: { readonly anthropicMessages: NativePassThrough | null }): NativePassThrough | null =>
    passThrough ? adapter.anthropicMessages : null;
  const dispatched = await dispatchToModel(
    c,
    request.model,
    "chat",
    chatNeeds(request),
    estimateChatUsage(request, c.var.config.limits.defaultOutputTokens),
    (target, call) => nativeOf(target.adapter)?.request(anthropicRequest, call) ?? target.adapter.chatRequest(request, call),
  );
  const native = nativeOf(dispatched.candidate.adapter);
  if (native) return passedThrough(c, native, dispatched, request.stream === true);

  // The Anthropic translation reads every chunk, watches for stalls and breaks and reads the usage
  // itself, so the OpenAI stream under it needs no guard of its own (0: piped natively).
  const outcome = await chatOutcome(c, dispatched, request, 0);
  if (outcome.streamed) {
    const translated = toAnthropicStream(outcome.body, anthropicRequest.model, dispatched.candidate.timeouts.idleMs);
    const completion = outcome.guardrailVerdicts ? completionAfterVerdicts(translated.completion, outcome.guardrailVerdicts) : translated.completion;
    return respondWithStream(c.var.record, translated.body, completion, outcome.upstream);
  }
  return jsonAnswer(c.var.record, fromOpenAIResponse(outcome.body, anthropicRequest.model));
}

async function passedThrough(c: Context<AppEnv>, native: NativePassThrough, dispatched: Dispatched, streamed: boolean): Promise<Response> {
  const { response } = dispatched;
  if (streamed && response.body) {
    const { body, completion } = native.stream(response.body, dispatched.candidate.timeouts.idleMs);
    return respondWithStream(c.var.record, body, completion, dispatched);
  }
  const answer = native.response(await readUpstreamBody(dispatched));
  c.var.record.usage = answer.usage;
  return jsonAnswer(c.var.record, answer.body);
}
