import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { anthropicClient, captureLogLines, mintKey, openaiClient, postJson, readError, upstreamRequestsContaining, waitFor } from "./helpers";
import { limits, marker, newSessionId, onSession, rejection, sessionRequest, sessionWhen, upstreamMessages, user } from "./session-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("chat on a session (x-session-id)", () => {
  it("sends the provider the whole history though the client sends only the new turn", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    const [first, second] = [marker("first"), marker("second")];

    const turn1 = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(`My name is ${first}`)] }, onSession(id)).withResponse();
    expect(turn1.response.headers.get("x-session-id")).toBe(id);
    const reply1 = turn1.data.choices[0]?.message.content;
    await sessionWhen(key, id, (session) => session.messages.length === 2);

    const turn2 = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(`And now ${second}`)] }, onSession(id));
    expect(turn2.choices[0]?.message.content).toContain(second);
    expect(await upstreamMessages(second)).toEqual([
      { role: "user", content: `My name is ${first}` },
      { role: "assistant", content: reply1 },
      { role: "user", content: `And now ${second}` },
    ]);

    const stored = await sessionWhen(key, id, (session) => session.messages.length === 4);
    expect(stored.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(stored.messages[3]).toEqual({ role: "assistant", content: turn2.choices[0]?.message.content });
  });

  it("stores a streamed reply, assembled from the stream the client read", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          model: "gpt-4o-mini",
          stream: true,
          stream_options: { include_usage: true },
          messages: [user("stream it [[sim reply=\"alpha beta gamma delta\" chunks=4]]")],
        },
        onSession(id),
      )
      .withResponse();
    expect(response.headers.get("x-session-id")).toBe(id);
    let text = "";
    let promptTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      promptTokens = chunk.usage?.prompt_tokens ?? promptTokens;
    }
    expect(text).toBe("alpha beta gamma delta");

    const stored = await sessionWhen(key, id, (session) => session.messages.length === 2);
    expect(stored.messages[1]).toEqual({ role: "assistant", content: "alpha beta gamma delta" });
    expect(stored.usage.input_tokens).toBe(promptTokens);
    expect(stored.sticky_target).toBe("mini-us");

    const next = marker("after-stream");
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(next)] }, onSession(id));
    expect((await upstreamMessages(next))[1]).toEqual({ role: "assistant", content: "alpha beta gamma delta" });
  });

  it("stores a streamed tool call whole, so a provider that checks tool pairing accepts the next turn", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    const tools = [
      {
        type: "function" as const,
        function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      },
    ];
    const stream = await client.chat.completions.create(
      { model: "claude-sonnet", stream: true, tools, messages: [user("Weather in Paris?")] },
      onSession(id),
    );
    for await (const _ of stream) {
      // Read to the end, as a client does.
    }
    const stored = await sessionWhen(key, id, (session) => session.messages.length === 2);
    const call = (stored.messages[1]?.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>)[0];
    expect(call?.function.name).toBe("get_weather");
    expect(JSON.parse(call?.function.arguments ?? "")).toHaveProperty("city");

    // Anthropic refuses a tool result that answers no tool use of the previous assistant turn.
    const answer = await client.chat.completions.create(
      { model: "claude-sonnet", tools, messages: [{ role: "tool", tool_call_id: call?.id ?? "", content: "sunny, 24 C" }] },
      onSession(id),
    );
    expect(answer.choices[0]?.message.content).toContain("sunny, 24 C");
  });

  it("keeps no part of a turn whose stream broke off, but counts the request", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    const stream = await client.chat.completions.create(
      { model: "gpt-4o-mini", stream: true, messages: [user("break [[sim chunks=6 drop_after=3]]")] },
      onSession(id),
    );
    await rejection(
      (async () => {
        for await (const _ of stream) {
          // The gateway ends the stream with an error event, which the SDK raises.
        }
      })(),
    );
    const counted = await sessionWhen(key, id, (session) => session.usage.requests === 1);
    expect(counted.messages).toEqual([]);
    expect(counted.sticky_target).toBeNull();

    const retry = marker("retry");
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(retry)] }, onSession(id));
    expect(await upstreamMessages(retry)).toEqual([user(retry)]);
  });

  it("keeps nothing of a turn whose client hung up mid-stream, which still stops the provider", async () => {
    const lines = captureLogLines();
    const key = await mintKey();
    const id = newSessionId();
    const response = await postJson(
      "/v1/chat/completions",
      key,
      { model: "gpt-4o-mini", stream: true, messages: [user("hang up [[sim chunk_delay_ms=100 chunks=10]]")] },
      { "x-session-id": id },
    );
    expect(response.headers.get("x-session-id")).toBe(id);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const line = await waitFor(() => lines().find((entry) => entry.requestId === response.headers.get("x-request-id")));
    expect(line.stream).toBe("client_disconnected");
    const counted = await sessionWhen(key, id, (session) => session.usage.requests === 1);
    expect(counted.messages).toEqual([]);
  });

  it("tries the target that served the last turn first", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    // `failover` tries three failing targets before mini-eu.
    const first = await client.chat.completions.create({ model: "failover", messages: [user("sticky one")] }, onSession(id)).withResponse();
    expect(first.response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(first.response.headers.get("x-switchboard-attempts")).toBe("4");
    await sessionWhen(key, id, (session) => session.sticky_target === "mini-eu");

    const second = await client.chat.completions.create({ model: "failover", messages: [user("sticky two")] }, onSession(id)).withResponse();
    const route = second.response.headers.get("x-switchboard-route") ?? "";
    expect(route).toContain("sticky=mini-eu");
    expect(route).toContain("candidates=mini-eu,");
    expect(second.response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(second.response.headers.get("x-switchboard-attempts")).toBe("1");
  });

  it("counts requests, tokens and cost, and reports when the session expires", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    const one = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("count one")] }, onSession(id));
    await sessionWhen(key, id, (session) => session.usage.requests === 1);
    const two = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("count two")] }, onSession(id));
    const session = await sessionWhen(key, id, (current) => current.usage.requests === 2);

    const input = (one.usage?.prompt_tokens ?? 0) + (two.usage?.prompt_tokens ?? 0);
    const output = (one.usage?.completion_tokens ?? 0) + (two.usage?.completion_tokens ?? 0);
    // The second turn sends the first again: its prompt is the longer one.
    expect(two.usage?.prompt_tokens).toBeGreaterThan(one.usage?.prompt_tokens ?? 0);
    expect(session.usage.input_tokens).toBe(input);
    expect(session.usage.output_tokens).toBe(output);
    // mini-us costs 0.15 (input) and 0.60 (output) per million tokens, in the config's currency.
    expect(session.usage.cost).toBeCloseTo((input * 0.15 + output * 0.6) / 1e6, 12);
    expect(session.usage.cost).toBeGreaterThan(0);
    expect(session.usage.currency).toBe("EUR");
    expect(session).toMatchObject({ id, object: "session", sticky_target: "mini-us" });
    expect(session.created_at).toBeLessThanOrEqual(session.last_used_at);
    expect(Math.abs(session.last_used_at - Date.now() / 1000)).toBeLessThan(60);
    expect(session.expires_at - session.last_used_at).toBeGreaterThanOrEqual(limits.idleTtlSeconds - 1);
    expect(session.expires_at - session.last_used_at).toBeLessThanOrEqual(limits.idleTtlSeconds);
  });

  it("refuses a turn that would pass the message or byte limit, before calling any provider", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("short start")] }, onSession(id));
    await sessionWhen(key, id, (session) => session.messages.length === 2);

    // 2 stored + 9 new > 10.
    const tooMany = marker("too-many");
    const many = Array.from({ length: 9 }, (_, i) => user(`${tooMany} ${i}`));
    const error = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", messages: many }, onSession(id)));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "session_history_too_large", param: "x-session-id" });
    expect((error as Error).message).toContain(`more than ${limits.maxMessages} messages`);
    expect(await upstreamRequestsContaining(tooMany)).toEqual([]);

    // 2 stored + 8 new = 10: admitted.
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: many.slice(1) }, onSession(id));

    const big = marker("too-big");
    const huge = await rejection(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(`${big} ${"x".repeat(limits.maxHistoryBytes)}`)] }, onSession(newSessionId())),
    );
    expect(huge).toMatchObject({ status: 400, code: "session_history_too_large" });
    expect((huge as Error).message).toContain(`exceed ${limits.maxHistoryBytes} bytes`);
    expect(await upstreamRequestsContaining(big)).toEqual([]);
  });

  it("records concurrent turns on one session each whole, in the order they finished", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    await Promise.all(
      ["left", "right"].map((side) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(`concurrent ${side}`)] }, onSession(id))),
    );
    const session = await sessionWhen(key, id, (current) => current.messages.length === 4);
    for (const at of [0, 2]) {
      const asked = String(session.messages[at]?.content);
      expect(session.messages[at]?.role).toBe("user");
      expect(String(session.messages[at + 1]?.content)).toContain(asked);
    }
  });

  it("with x-session-history: ignore, sends the request's own messages and stores none, but still counts and sticks", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const id = newSessionId();
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("stored turn")] }, onSession(id));
    await sessionWhen(key, id, (session) => session.messages.length === 2);

    const own = marker("own-history");
    const messages = [user("earlier, kept by the client"), { role: "assistant" as const, content: "ok" }, user(own)];
    const answer = await client.chat.completions
      .create({ model: "failover", messages }, onSession(id, { "x-session-history": "ignore" }))
      .withResponse();
    expect(await upstreamMessages(own, "openai-eu")).toEqual(messages);
    expect(answer.response.headers.get("x-switchboard-target")).toBe("mini-eu");
    const session = await sessionWhen(key, id, (current) => current.usage.requests === 2);
    expect(session.messages).toHaveLength(2);
    expect(session.sticky_target).toBe("mini-eu");

    const bad = await rejection(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("x")] }, onSession(id, { "x-session-history": "sometimes" })),
    );
    expect(bad).toMatchObject({ status: 400, param: "x-session-history" });
  });

  it("refuses a malformed session id, n > 1, and sessions on /v1/messages, before calling any provider", async () => {
    const key = await mintKey();
    const client = openaiClient(key);
    const sent = marker("refused");
    for (const id of ["has space", "-leading-dash", "x".repeat(129), "semi;colon"]) {
      const error = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", messages: [user(sent)] }, onSession(id)));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, param: "x-session-id", code: "invalid_value" });
    }
    const longest = "a".repeat(128);
    expect((await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("longest id")] }, onSession(longest))).object).toBe(
      "chat.completion",
    );
    const badPath = await sessionRequest("GET", key, "bad id");
    expect(badPath.status).toBe(400);
    expect((await readError(badPath)).error.param).toBe("id");

    const n = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", n: 2, messages: [user(sent)] }, onSession(newSessionId())));
    expect(n).toMatchObject({ status: 400, param: "n" });

    const anthropic = await rejection(
      anthropicClient(key).messages.create(
        { model: "gpt-4o-mini", max_tokens: 64, messages: [{ role: "user", content: sent }] },
        { headers: { "x-session-id": newSessionId() } },
      ),
    );
    expect(anthropic).toBeInstanceOf(Anthropic.BadRequestError);
    expect((anthropic as Error).message).toContain("/v1/chat/completions");
    expect(await upstreamRequestsContaining(sent)).toEqual([]);
  });
});
