import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { formatCost } from "../../observability/cost";
import { parseSessionId } from "../../sessions/session-headers";
import { callSession } from "../../sessions/session-store";
import type { SessionKey, SessionSnapshot } from "../../sessions/session-types";
import { storedMessages } from "../../sessions/stored-messages";

function sessionKey(c: Context<AppEnv>): SessionKey {
  return { tenantId: c.var.principal.tenantId, sessionId: parseSessionId(c.req.param("id") ?? "", "id") };
}

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

function sessionObject(snapshot: SessionSnapshot, currency: string): Record<string, unknown> {
  return {
    id: snapshot.sessionId,
    object: "session",
    created_at: unixSeconds(snapshot.createdAt),
    last_used_at: unixSeconds(snapshot.lastUsedAt),
    expires_at: unixSeconds(snapshot.expiresAt),
    sticky_target: snapshot.stickyTarget,
    messages: storedMessages(snapshot.messages),
    usage: {
      requests: snapshot.usage.requests,
      input_tokens: snapshot.usage.inputTokens,
      output_tokens: snapshot.usage.outputTokens,
      cost: Number(formatCost(snapshot.usage.cost)),
      currency,
    },
  };
}

/**
 * `GET /v1/sessions/{id}`: the caller's session. Another tenant's session answers exactly like one
 * that does not exist, so ids reveal nothing across tenants.
 */
export async function getSession(c: Context<AppEnv>): Promise<Response> {
  const key = sessionKey(c);
  const snapshot = await callSession(c.env, key, (stub) => stub.snapshot(key));
  if (!snapshot) throw new GatewayError({ kind: "session_not_found" });
  return c.json(sessionObject(snapshot, c.var.config.settings.currency));
}

/** `DELETE /v1/sessions/{id}`: forgets the caller's session at once (history, sticky target, counters). */
export async function deleteSession(c: Context<AppEnv>): Promise<Response> {
  const key = sessionKey(c);
  const removed = await callSession(c.env, key, (stub) => stub.remove(key));
  if (!removed) throw new GatewayError({ kind: "session_not_found" });
  return c.json({ id: key.sessionId, object: "session.deleted", deleted: true });
}
