import { describe, expect, it } from "vitest";
import { simulatorTestKey } from "../support/constants";
import { callGateway, mintKey, openaiClient, postJson, upstreamRequestsContaining } from "./helpers";

describe("POST /v1/chat/completions through the official openai SDK", () => {
  it("answers a plain chat with the simulator's deterministic reply and real usage", async () => {
    const client = openaiClient(await mintKey());
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there, gateway" }] })
      .withResponse();

    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]?.message.content).toContain("Hello there, gateway");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-switchboard-provider")).toBe("sim-us");
    expect(response.headers.get("x-switchboard-target")).toBe("mini-us");
    expect(response.headers.get("x-switchboard-upstream-model")).toBe("gpt-4o-mini");
    expect(response.headers.get("x-switchboard-attempts")).toBe("1");
  });

  it("keeps a well-formed client x-request-id and replaces a malformed one", async () => {
    const key = await mintKey();
    const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: "id" }] };
    const kept = await postJson("/v1/chat/completions", key, body, { "x-request-id": "trace-123.abc" });
    expect(kept.headers.get("x-request-id")).toBe("trace-123.abc");
    const replaced = await postJson("/v1/chat/completions", key, body, { "x-request-id": "bad id with spaces" });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id with spaces");
  });

  it("streams chunks and the usage chunk when stream_options.include_usage is set", async () => {
    const client = openaiClient(await mintKey());
    const prompt = "Stream me a reply please";
    const plain = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let usage: { total_tokens: number } | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe("chat.completion.chunk");
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(plain.choices[0]?.message.content);
    expect(finish).toBe("stop");
    expect(usage?.total_tokens).toBe(plain.usage?.total_tokens);
  });

  it("round-trips a tool call: the model calls the tool, then answers from its result", async () => {
    const client = openaiClient(await mintKey());
    const tools = [
      {
        type: "function" as const,
        function: {
          name: "get_weather",
          description: "Weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ];
    const first = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toHaveProperty("city");

    const second = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: "Sunny, 21 C" },
      ],
      tools,
    });
    expect(second.choices[0]?.message.content).toContain("Sunny, 21 C");
  });

  it("streams tool calls the way the SDK assembles them", async () => {
    const client = openaiClient(await mintKey());
    const runner = client.chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Look up Oslo" }],
      tools: [
        {
          type: "function",
          function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
        },
      ],
      tool_choice: "required",
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.name).toBe("lookup");
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toHaveProperty("q");
  });

  it("honours response_format json_schema", async () => {
    const client = openaiClient(await mintKey());
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Give me a person" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "person",
          schema: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"] },
        },
      },
    });
    const parsed = JSON.parse(completion.choices[0]?.message.content ?? "") as { name: unknown; age: unknown };
    expect(typeof parsed.name).toBe("string");
    expect(typeof parsed.age).toBe("number");
  });

  it("forwards fields it does not inspect, swaps in the upstream model, and never forwards the client's key", async () => {
    const key = await mintKey();
    const marker = `marker-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", key, {
      model: "eu-only",
      messages: [{ role: "user", content: marker }],
      seed: 7,
      logit_bias: { "50256": -100 },
      metadata: { team: "search" },
      parallel_tool_calls: false,
    });
    expect(response.status).toBe(200);
    const [upstream] = await upstreamRequestsContaining(marker);
    expect(upstream?.provider).toBe("openai-eu");
    const sent = JSON.parse(upstream?.body ?? "{}") as Record<string, unknown>;
    expect(sent.model).toBe("gpt-4o-mini");
    expect(sent.seed).toBe(7);
    expect(sent.logit_bias).toEqual({ "50256": -100 });
    expect(sent.metadata).toEqual({ team: "search" });
    expect(sent.parallel_tool_calls).toBe(false);
    expect(upstream?.headers.authorization).toBe(`Bearer ${simulatorTestKey}`);
    expect(JSON.stringify(upstream?.headers)).not.toContain(key);
  });

  it("answers unknown routes with a 404 in the OpenAI shape", async () => {
    const response = await callGateway("/v1/nope", { headers: { authorization: `Bearer ${await mintKey()}` } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe("unknown_url");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
