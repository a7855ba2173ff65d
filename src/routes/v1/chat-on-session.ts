import type { Context } from "hono";
import { jsonAnswer } from "../../http/json-answer";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { respondWithStream } from "../../http/respond-with-stream";
import { readWholeText } from "../../providers/shared/read-whole-text";
import type { ChatCompletionRequest, ChatMessage } from "../../schemas/openai/chat";
import { replyFromBody, replyFromSse } from "../../sessions/assistant-reply";
import { assertHistoryFits } from "../../sessions/history-size";
import { turnOf } from "../../sessions/record-turn";
import { sessionIdHeader, type SessionRequest } from "../../sessions/session-headers";
import { callSession } from "../../sessions/session-store";
import { storedMessages } from "../../sessions/stored-messages";
import type { SessionKey } from "../../sessions/session-types";
import { serveChat } from "./serve-chat";

/**
 * A chat request on a session: one call to the session's object for its history and sticky target,
 * the history put before the request's messages, and the turn recorded once answered, off the hot
 * path (`waitUntil`). A streamed reply is assembled from a copy of the stream the client gets.
 */
export async function chatOnSession(c: Context<AppEnv>, request: ChatCompletionRequest, session: SessionRequest): Promise<Response> {
  if (typeof request.n === "number" && request.n > 1) {
    throw new GatewayError({
      kind: "invalid_request",
      message: "A request on a session (x-session-id) must ask for one choice: 'n' must be 1, as only one reply can continue the conversation.",
      param: "n",
    });
  }
  const { config, principal, record } = c.var;
  const key: SessionKey = { tenantId: principal.tenantId, sessionId: session.id };
  const context = await callSession(c.env, key, (stub) => stub.context(key));
  const withHistory = session.history === "include";
  if (withHistory) assertHistoryFits(context.size, request.messages, config.sessions);
  const sent = withHistory ? { ...request, messages: [...storedMessages(context.history), ...request.messages] } : request;
  const kept = withHistory ? request.messages : null;
  const outcome = await serveChat(c, sent, { stickyTarget: context.stickyTarget });

  const save = (reply: ChatMessage | null): Promise<void> => saveTurn(c, key, kept, reply);
  if (!outcome.streamed) {
    const body = outcome.body;
    c.executionCtx.waitUntil(nextTurnOfEventLoop().then(() => save(replyFromBody(body))));
    return jsonAnswer(record, outcome.body, { [sessionIdHeader]: session.id });
  }
  const [toClient, copy] = outcome.body.tee();
  const text = readWholeText(copy).catch(() => null);
  const response = respondWithStream(record, toClient, outcome.completion, outcome.upstream);
  const streamEnd = record.streamEnd;
  if (streamEnd) {
    c.executionCtx.waitUntil(
      streamEnd.then(async (end) => {
        const whole = end === "completed" ? await text : null;
        await save(whole === null ? null : replyFromSse(whole));
      }),
    );
  }
  response.headers.set(sessionIdHeader, session.id);
  return response;
}

/** Lets the answer leave before the reply is read from it: parsing it is no part of the client's wait. */
function nextTurnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Records the turn; a failure is logged, as the client already has its answer. */
async function saveTurn(c: Context<AppEnv>, key: SessionKey, sent: ChatMessage[] | null, reply: ChatMessage | null): Promise<void> {
  const turn = turnOf(c.var.record, sent, reply, c.var.config.sessions.idleTtlSeconds);
  let failure: string | null = null;
  try {
    const recorded = await callSession(c.env, key, (stub) => stub.recordTurn(key, turn));
    if (!recorded) failure = "the session object belongs to another tenant";
  } catch (error) {
    failure = error instanceof GatewayError && error.reason.kind === "sessions_unavailable" ? error.reason.detail : String(error);
  }
  if (failure !== null) {
    console.warn(JSON.stringify({ level: "warn", event: "session_record_failed", requestId: c.var.requestId, detail: failure }));
  }
}
