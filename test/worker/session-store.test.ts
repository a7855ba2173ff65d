import { env } from "cloudflare:workers";
import { createExecutionContext, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { captureLogLines, gatewayOrigin, mintKey, openaiClient, readError } from "./helpers";
import { limits, marker, newSessionId, onSession, sessionObject, sessionRequest, sessionWhen, storedTables, upstreamMessages, user } from "./session-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the session store: expiry, GET and DELETE, tenants, availability", () => {
  it("expires by alarm once idle for its lifetime, and not before", async () => {
    const tenantId = `tenant-${crypto.randomUUID().slice(0, 8)}`;
    const key = await mintKey({ tenantId });
    const id = newSessionId();
    await openaiClient(key).chat.completions.create({ model: "gpt-4o-mini", messages: [user("expire me")] }, onSession(id));
    const session = await sessionWhen(key, id, (current) => current.messages.length === 2);
    const stub = sessionObject(tenantId, id);
    expect((await storedTables(stub)).sort()).toEqual(["messages", "session"]);
    const alarm = await runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    expect(Math.round((alarm ?? 0) / 1000)).toBeGreaterThanOrEqual(session.expires_at);
    expect(Math.round((alarm ?? 0) / 1000)).toBeLessThanOrEqual(session.expires_at + 1);

    // Run early (it was used within its lifetime): the session stays and the alarm is set again.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await sessionRequest("GET", key, id)).status).toBe(200);
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).not.toBeNull();

    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("UPDATE session SET last_used_at = last_used_at - ?", (limits.idleTtlSeconds + 1) * 1000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await storedTables(stub)).toEqual([]);
    const gone = await sessionRequest("GET", key, id);
    expect(gone.status).toBe(404);
    expect((await readError(gone)).error.code).toBe("session_not_found");
  });

  it("treats a session past its lifetime as gone even before its alarm ran", async () => {
    const tenantId = `tenant-${crypto.randomUUID().slice(0, 8)}`;
    const key = await mintKey({ tenantId });
    const id = newSessionId();
    const client = openaiClient(key);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("late alarm")] }, onSession(id));
    await sessionWhen(key, id, (current) => current.messages.length === 2);
    const stub = sessionObject(tenantId, id);
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("UPDATE session SET last_used_at = last_used_at - ?", (limits.idleTtlSeconds + 1) * 1000);
    });

    const next = marker("after-expiry");
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(next)] }, onSession(id));
    expect(await upstreamMessages(next)).toEqual([user(next)]);
    const fresh = await sessionWhen(key, id, (current) => current.messages.length === 2);
    expect(fresh.usage.requests).toBe(1);
  });

  it("shows and deletes a session; a GET of an unknown one leaves no storage behind", async () => {
    const tenantId = `tenant-${crypto.randomUUID().slice(0, 8)}`;
    const key = await mintKey({ tenantId });
    const id = newSessionId();
    await openaiClient(key).chat.completions.create({ model: "gpt-4o-mini", messages: [user("delete me")] }, onSession(id));
    const session = await sessionWhen(key, id, (current) => current.messages.length === 2);
    expect(session.messages[0]).toEqual(user("delete me"));

    const deleted = await sessionRequest("DELETE", key, id);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id, object: "session.deleted", deleted: true });
    expect(await storedTables(sessionObject(tenantId, id))).toEqual([]);
    expect(await runInDurableObject(sessionObject(tenantId, id), (_, state) => state.storage.getAlarm())).toBeNull();
    const again = await sessionRequest("DELETE", key, id);
    expect(again.status).toBe(404);
    expect((await readError(again)).error.code).toBe("session_not_found");

    const unknown = newSessionId();
    const missing = await sessionRequest("GET", key, unknown);
    expect(missing.status).toBe(404);
    expect(await readError(missing)).toEqual({
      error: { message: "No such session.", type: "invalid_request_error", param: "x-session-id", code: "session_not_found" },
    });
    expect(await storedTables(sessionObject(tenantId, unknown))).toEqual([]);
    expect(await runInDurableObject(sessionObject(tenantId, unknown), (_, state) => state.storage.getAlarm())).toBeNull();
  });

  it("keeps each tenant's sessions to itself, even under the same id", async () => {
    const [tenantA, tenantB] = [`tenant-a-${crypto.randomUUID().slice(0, 8)}`, `tenant-b-${crypto.randomUUID().slice(0, 8)}`];
    const [keyA, keyB] = [await mintKey({ tenantId: tenantA }), await mintKey({ tenantId: tenantB })];
    const id = newSessionId();
    const secret = marker("tenant-a-secret");
    await openaiClient(keyA).chat.completions.create({ model: "gpt-4o-mini", messages: [user(secret)] }, onSession(id));
    await sessionWhen(keyA, id, (session) => session.messages.length === 2);

    const unknownBody = await (await sessionRequest("GET", keyB, newSessionId())).text();
    for (const method of ["GET", "DELETE"] as const) {
      const response = await sessionRequest(method, keyB, id);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(unknownBody);
    }

    const own = marker("tenant-b-turn");
    await openaiClient(keyB).chat.completions.create({ model: "gpt-4o-mini", messages: [user(own)] }, onSession(id));
    const sentForB = await upstreamMessages(own);
    expect(sentForB).toEqual([user(own)]);
    expect(JSON.stringify(sentForB)).not.toContain(secret);

    // Defence in depth: tenant A's object itself refuses tenant B.
    const objectA = sessionObject(tenantA, id);
    const asB = { tenantId: tenantB, sessionId: id };
    expect(await objectA.snapshot(asB)).toBeNull();
    expect((await objectA.context(asB)).history).toBe("[]");
    const turn = { messages: [JSON.stringify(user("intruder"))], servedBy: "mini-eu", inputTokens: 1, outputTokens: 1, cost: 0, idleTtlSeconds: 60 };
    expect(await objectA.recordTurn(asB, turn)).toBe(false);
    expect(await objectA.remove(asB)).toBe(false);

    const sessionA = await sessionWhen(keyA, id, () => true);
    expect(sessionA.messages).toHaveLength(2);
    expect(sessionA.messages[0]).toEqual(user(secret));
    expect(sessionA.usage.requests).toBe(1);
  });

  it("answers 503 sessions_unavailable without the SESSIONS binding, and serves requests without a session", async () => {
    const key = await mintKey();
    const lines = captureLogLines();
    const app = createApp();
    const call = (headers: Record<string, string>) =>
      app.fetch(
        new Request(`${gatewayOrigin}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
          body: JSON.stringify({ model: "gpt-4o-mini", messages: [user("no store")] }),
        }),
        { ...env, SESSIONS: undefined },
        createExecutionContext(),
      );
    const refused = await call({ "x-session-id": newSessionId() });
    expect(refused.status).toBe(503);
    expect((await readError(refused)).error.code).toBe("sessions_unavailable");
    expect(lines().find((line) => line.event === "request")).toMatchObject({ status: 503, error: "sessions_unavailable" });
    const plain = await call({});
    expect(plain.status).toBe(200);
    await plain.text();
  });
});
