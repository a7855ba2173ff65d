import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { sessionObjectName } from "../../src/sessions/session-store";
import { callGateway, upstreamRequestsContaining, waitFor } from "./helpers";

// The test config's session limits (test/support/test-config.ts).
export const limits = { idleTtlSeconds: 600, maxMessages: 10, maxHistoryBytes: 8192 };

export const newSessionId = () => `s-${crypto.randomUUID()}`;
export const marker = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;
export const onSession = (id: string, headers: Record<string, string> = {}) => ({ headers: { "x-session-id": id, ...headers } });
export const user = (content: string) => ({ role: "user" as const, content });

export interface SessionBody {
  id: string;
  object: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  sticky_target: string | null;
  messages: Array<Record<string, unknown>>;
  usage: { requests: number; input_tokens: number; output_tokens: number; cost: number; currency: string };
}

export function sessionRequest(method: "GET" | "DELETE", key: string, id: string): Promise<Response> {
  return callGateway(`/v1/sessions/${encodeURIComponent(id)}`, { method, headers: { authorization: `Bearer ${key}` } });
}

/** The session once `ready` holds: turns are recorded after the answer, off the hot path. */
export function sessionWhen(key: string, id: string, ready: (session: SessionBody) => boolean): Promise<SessionBody> {
  return waitFor(async () => {
    const response = await sessionRequest("GET", key, id);
    if (response.status !== 200) {
      await response.text();
      return undefined;
    }
    const session = (await response.json()) as SessionBody;
    return ready(session) ? session : undefined;
  });
}

/** The messages a provider received in the one upstream call (to `provider`, if named) whose body contains `text`. */
export async function upstreamMessages(text: string, provider?: string): Promise<Array<{ role: string; content: unknown }>> {
  const requests = (await upstreamRequestsContaining(text)).filter((request) => provider === undefined || request.provider === provider);
  expect(requests).toHaveLength(1);
  return (JSON.parse(requests[0]?.body ?? "{}") as { messages: Array<{ role: string; content: unknown }> }).messages;
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

export function sessionObject(tenantId: string, sessionId: string) {
  return env.SESSIONS.get(env.SESSIONS.idFromName(sessionObjectName({ tenantId, sessionId })));
}

/** Tables the object's SQLite database holds (none: it stores nothing). */
export function storedTables(stub: ReturnType<typeof sessionObject>): Promise<string[]> {
  return runInDurableObject(stub, (_, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'")
      .toArray()
      .map((row) => row.name),
  );
}
