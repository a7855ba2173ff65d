import type { Context } from "hono";
import type { Candidate } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { upstreamTraceHeaders } from "../../observability/trace-context";
import type { UpstreamRequest } from "../../providers/contract";
import { providerApiKey } from "../../routing/dispatch-options";
import { sendUpstream } from "../../routing/send-upstream";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { type ClassifierAnswer, classifierAnswerOf } from "./answer";
import { classifierRequest } from "./classifier-prompt";
import { classifierTarget } from "./classifier-target";

/** The classifier's answer, or why there is none: a short description, never the text or an upstream body. */
export type ClassifierCall = { readonly ok: true; readonly answer: ClassifierAnswer } | { readonly ok: false; readonly error: string };

type Exchange = { readonly ok: true; readonly body: string } | { readonly ok: false; readonly error: string };

/**
 * Asks the classifier `model` about `text`, through its target's adapter and key but outside the
 * request's dispatch: one attempt, no retries, the upstream call (headers and body) within `timeoutMs`.
 * Every way the call can fail is an answer of its own.
 */
export async function callClassifier(c: Context<AppEnv>, model: string, text: string, timeoutMs: number): Promise<ClassifierCall> {
  const target = await classifierTarget(c, model);
  if (!target.ok) return { ok: false, error: target.problem };
  const { candidate } = target;
  const request = classifierRequest(model, text, candidate.capabilities.jsonMode);
  const exchanged = await exchange(c, candidate, request, timeoutMs);
  if (!exchanged.ok) return exchanged;
  const answer = answerIn(candidate, exchanged.body, request);
  return answer ? { ok: true, answer } : { ok: false, error: `target ${candidate.target} gave no valid verdict` };
}

/** The upstream call: the whole answer's body when it is a 2xx, else what went wrong. */
async function exchange(c: Context<AppEnv>, candidate: Candidate, request: ChatCompletionRequest, timeoutMs: number): Promise<Exchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const upstream = candidate.adapter.chatRequest(request, { upstreamModel: candidate.upstreamModel, apiKey: providerApiKey(c.env, candidate) });
    const response = await sendUpstream(withTraceHeaders(c, upstream), c.env, controller.signal);
    const body = await response.text();
    return response.ok ? { ok: true, body } : { ok: false, error: `target ${candidate.target} answered ${response.status}` };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, error: `timed out after ${timeoutMs} ms` };
    if (error instanceof GatewayError) return { ok: false, error: `target ${candidate.target}: ${error.reason.kind}` };
    return { ok: false, error: `target ${candidate.target} unreachable` };
  } finally {
    clearTimeout(timer);
  }
}

/** The verdict in the target's answer, once its adapter has put it in OpenAI's shape; null when there is none. */
function answerIn(candidate: Candidate, body: string, request: ChatCompletionRequest): ClassifierAnswer | null {
  try {
    return classifierAnswerOf(candidate.adapter.chatResponse(body, request).body);
  } catch {
    return null;
  }
}

function withTraceHeaders(c: Context<AppEnv>, request: UpstreamRequest): UpstreamRequest {
  if (request.transport !== "http") return request;
  return { ...request, headers: { ...request.headers, ...upstreamTraceHeaders(c.var.record.traceContext) } };
}
