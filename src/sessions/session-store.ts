import type { WorkerEnv } from "../env";
import { GatewayError } from "../errors/gateway-error";
import type { Session } from "../state/session";
import type { SessionKey } from "./session-types";

/** The object's name: tenant and id together, so the same id chosen by two tenants names two sessions. */
export function sessionObjectName(key: SessionKey): string {
  return JSON.stringify([key.tenantId, key.sessionId]);
}

/** The session's Durable Object; without the `SESSIONS` binding, sessions are unavailable. */
export function sessionStub(env: WorkerEnv, key: SessionKey): DurableObjectStub<Session> {
  const namespace = env.SESSIONS;
  if (!namespace) throw new GatewayError({ kind: "sessions_unavailable", detail: "the SESSIONS binding is not configured" });
  return namespace.get(namespace.idFromName(sessionObjectName(key)));
}

/** One call to the session's object; a failed call is a 503 `sessions_unavailable`. */
export async function callSession<T>(env: WorkerEnv, key: SessionKey, call: (stub: DurableObjectStub<Session>) => Promise<T>): Promise<T> {
  const stub = sessionStub(env, key);
  try {
    return await call(stub);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GatewayError({ kind: "sessions_unavailable", detail }, { cause: error });
  }
}
