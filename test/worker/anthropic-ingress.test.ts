import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { anthropicClient, callGateway, mintKey, postJson, upstreamRequestsContaining } from "./helpers";

const weatherTool = {
  name: "get_weather",
  description: "Current weather in a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
};

describe("POST /v1/messages with the official Anthropic SDK, served by an OpenAI upstream", () => {
  it("answers a plain request in Anthropic's shape and sends the upstream OpenAI's shape", async () => {
    const client = anthropicClient(await mintKey());
    const marker = `ingress-${crypto.randomUUID()}`;
    const message = await client.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 200,
      system: "You are terse.",
      messages: [{ role: "user", content: `hello ${marker}` }],
    });
    expect(message.type).toBe("message");
    expect(message.role).toBe("assistant");
    expect(message.content).toEqual([{ type: "text", text: `Simulated openai-us gpt-4o-mini reply to: hello ${marker}` }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const [upstream] = await upstreamRequestsContaining(marker);
    const sent = JSON.parse(upstream?.body ?? "{}") as { messages: unknown[]; max_tokens: number };
    expect(upstream?.path).toBe("/openai-us/v1/chat/completions");
    expect(sent.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: `hello ${marker}` },
    ]);
    expect(sent.max_tokens).toBe(200);
  });

  it("streams Anthropic's events in order, with the text and the usage", async () => {
    const client = anthropicClient(await mintKey());
    const stream = client.messages.stream({
      model: "gpt-4o-mini",
      max_tokens: 200,
      messages: [{ role: "user", content: "stream to an Anthropic client" }],
    });
    const types: string[] = [];
    stream.on("streamEvent", (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "Simulated openai-us gpt-4o-mini reply to: stream to an Anthropic client" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    expect(types.at(-2)).toBe("message_delta");
    expect(types).toContain("content_block_delta");
  });

  it("carries tools both ways: a tool_use answer, then a tool_result turn", async () => {
    const client = anthropicClient(await mintKey());
    const first = await client.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 200,
      tools: [weatherTool],
      messages: [{ role: "user", content: "weather in Paris" }],
    });
    expect(first.stop_reason).toBe("tool_use");
    const toolUse = first.content.find((block) => block.type === "tool_use");
    expect(toolUse?.type === "tool_use" && toolUse.name).toBe("get_weather");
    expect(toolUse?.type === "tool_use" && typeof (toolUse.input as { city?: unknown }).city).toBe("string");

    const second = await client.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        { role: "user", content: "weather in Paris" },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse?.type === "tool_use" ? toolUse.id : "", content: "18C and sunny" }] },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content[0]?.type === "text" && second.content[0].text).toContain("18C and sunny");
  });

  it("streams a tool call whose input the SDK reassembles from input_json_delta events", async () => {
    const client = anthropicClient(await mintKey());
    const message = await client.messages
      .stream({ model: "gpt-4o-mini", max_tokens: 200, tools: [weatherTool], messages: [{ role: "user", content: "weather in Oslo" }] })
      .finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    const toolUse = message.content.find((block) => block.type === "tool_use");
    expect(toolUse?.type === "tool_use" && Object.keys(toolUse.input as object)).toEqual(["city"]);
  });
});

describe("POST /v1/messages errors, in Anthropic's shape", () => {
  it("refuses a missing key with authentication_error, which the SDK raises as such", async () => {
    const client = anthropicClient("sk-sb-not-a-real-key-000000000000000000000");
    await expect(client.messages.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    const response = await callGateway("/v1/messages", { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("refuses a request without max_tokens as invalid_request_error naming the field", async () => {
    const response = await postJson("/v1/messages", await mintKey(), { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("max_tokens");
  });

  it("answers an unknown model with not_found_error and an upstream failure with api_error, never the upstream's body", async () => {
    const key = await mintKey();
    const missing = await postJson("/v1/messages", key, { model: "nope", max_tokens: 5, messages: [{ role: "user", content: "x" }] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: "not_found_error" } });

    const failed = await postJson("/v1/messages", key, { model: "always-failing", max_tokens: 5, messages: [{ role: "user", content: "x" }] });
    expect(failed.status).toBe(502);
    const text = await failed.text();
    expect(JSON.parse(text)).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(text).not.toContain("SIM-UPSTREAM-CANARY");
  });

  it("refuses invalid JSON in Anthropic's shape", async () => {
    const response = await postJson("/v1/messages", await mintKey(), "{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

describe("POST /v1/messages served by Anthropic and Gemini upstreams", () => {
  it.each([
    ["claude-sonnet", "anthropic-us claude-sonnet-4-5"],
    ["gemini-flash", "gemini-us gemini-2.5-flash"],
  ])("%s: plain and streamed answers, and a streamed tool call", async (model, servedBy) => {
    const client = anthropicClient(await mintKey());
    const plain = await client.messages.create({ model, max_tokens: 300, messages: [{ role: "user", content: "across formats" }] });
    expect(plain.content[0]?.type === "text" && plain.content[0].text).toContain(`Simulated ${servedBy} reply to: across formats`);

    const streamed = await client.messages
      .stream({ model, max_tokens: 300, messages: [{ role: "user", content: "streamed across formats [[sim chunks=4]]" }] })
      .finalMessage();
    expect(streamed.content[0]?.type === "text" && streamed.content[0].text).toContain("streamed across formats");
    expect(streamed.usage.output_tokens).toBeGreaterThan(0);

    const tool = await client.messages
      .stream({ model, max_tokens: 300, tools: [weatherTool], messages: [{ role: "user", content: "weather in Rome" }] })
      .finalMessage();
    expect(tool.stop_reason).toBe("tool_use");
    const toolUse = tool.content.find((block) => block.type === "tool_use");
    expect(toolUse?.type === "tool_use" && toolUse.name).toBe("get_weather");
  });

  it("an upstream error mid-stream reaches the Anthropic SDK as an error, not a hang", async () => {
    const client = anthropicClient(await mintKey());
    const stream = client.messages.stream({
      model: "claude-sonnet",
      max_tokens: 300,
      messages: [{ role: "user", content: "break [[sim stream_error=1 chunks=5]]" }],
    });
    await expect(stream.finalMessage()).rejects.toThrow();
  });
});

describe("POST /v1/messages to a target that speaks Anthropic's API itself", () => {
  it("passes the request through as sent (prompt caching and top_k survive) and the answer back untouched", async () => {
    const marker = `native-${crypto.randomUUID()}`;
    const response = await postJson("/v1/messages", await mintKey(), {
      model: "claude-sonnet",
      max_tokens: 100,
      top_k: 5,
      system: [{ type: "text", text: "A long, cacheable system prompt.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: `hello ${marker} [[sim cache_read=12]]` }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-provider")).toBe("sim-anthropic");
    const message = (await response.json()) as { id: string; model: string; usage: { cache_read_input_tokens: number } };
    expect(message.id).toMatch(/^msg_/);
    expect(message.model).toBe("claude-sonnet-4-5");
    expect(message.usage.cache_read_input_tokens).toBe(12);

    const [sent] = await upstreamRequestsContaining(marker);
    const body = JSON.parse(sent?.body ?? "{}") as Record<string, unknown>;
    expect(sent?.path).toBe("/anthropic-us/v1/messages");
    expect(body.model).toBe("claude-sonnet-4-5");
    expect(body.top_k).toBe(5);
    expect(JSON.stringify(body.system)).toContain('"cache_control":{"type":"ephemeral"}');
  });

  it("pipes the stream through with Anthropic's own events (ping included) and records its usage", async () => {
    const response = await postJson("/v1/messages", await mintKey(), {
      model: "claude-sonnet",
      max_tokens: 100,
      stream: true,
      messages: [{ role: "user", content: "stream natively [[sim chunks=3]]" }],
    });
    const text = await response.text();
    expect(text).toContain("event: ping");
    expect(text.indexOf("event: message_start")).toBeLessThan(text.indexOf("event: message_stop"));
    const client = anthropicClient(await mintKey());
    const message = await client.messages
      .stream({ model: "claude-sonnet", max_tokens: 100, messages: [{ role: "user", content: "stream natively [[sim chunks=3]]" }] })
      .finalMessage();
    expect(message.content[0]?.type === "text" && message.content[0].text).toContain("stream natively");
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it("still falls over to a translated target when the Anthropic one fails", async () => {
    const client = anthropicClient(await mintKey());
    const message = await client.messages.create({
      model: "claude-then-gemini",
      max_tokens: 100,
      messages: [{ role: "user", content: "fail over natively" }],
    });
    expect(message.content[0]?.type === "text" && message.content[0].text).toContain("Simulated gemini-us");
  });
});
