import { describe, expect, it } from "vitest";
import { mintKey, openaiClient, postJson, readError } from "./helpers";

// Workers AI runs through a stand-in binding here (test/support/workers-ai-standin.js): the gateway's
// calls and translations are real, the model behind the binding is not.
describe("Workers AI through the AI binding", () => {
  it("answers a plain chat request in OpenAI's shape, with the binding's usage", async () => {
    const client = openaiClient(await mintKey());
    const completion = await client.chat.completions.create({
      model: "llama-3.1-8b",
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hello binding" }],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("Workers AI stand-in @cf/meta/llama-3.1-8b-instruct reply to: hello binding");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 });
  });

  it("translates the binding's SSE stream into OpenAI chunks, with usage when asked", async () => {
    const client = openaiClient(await mintKey());
    const stream = await client.chat.completions.create({
      model: "llama-3.1-8b",
      messages: [{ role: "user", content: "stream please" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.trim()).toBe("Workers AI stand-in @cf/meta/llama-3.1-8b-instruct reply to: stream please");
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 8 });
  });

  it("turns legacy tool calls (arguments as an object) into OpenAI tool calls, plain and streamed", async () => {
    const client = openaiClient(await mintKey());
    const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { query: { type: "string" } } } } }];
    const messages = [{ role: "user" as const, content: "find cats" }];
    const plain = await client.chat.completions.create({ model: "llama-3.1-8b", messages, tools });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(plain.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function).toEqual({ name: "lookup", arguments: '{"query":"find cats"}' });

    const streamed = await client.chat.completions.create({ model: "llama-3.1-8b", messages, tools, stream: true });
    let name = "";
    let args = "";
    let finish: string | null = null;
    for await (const chunk of streamed) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      name += delta?.function?.name ?? "";
      args += delta?.function?.arguments ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect({ name, args, finish }).toEqual({ name: "lookup", args: '{"query":"find cats"}', finish: "tool_calls" });
  });

  it("carries JSON-mode answers (an object from the binding) as JSON text", async () => {
    const client = openaiClient(await mintKey());
    const completion = await client.chat.completions.create({
      model: "llama-3.1-8b",
      messages: [{ role: "user", content: "as json" }],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({ reply: "as json" });
  });

  it("embeds text, in floats or in the SDK's default base64", async () => {
    const client = openaiClient(await mintKey());
    const base64 = await client.embeddings.create({ model: "bge-base", input: ["one", "two"] });
    const floats = await client.embeddings.create({ model: "bge-base", input: ["one", "two"], encoding_format: "float" });
    expect(base64.data).toHaveLength(2);
    expect(floats.data[1]?.embedding).toHaveLength(8);
    for (const [index, item] of base64.data.entries()) {
      const expected = floats.data[index]?.embedding ?? [];
      item.embedding.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5));
    }
  });

  it("refuses token-id input with a 400, since the binding embeds text", async () => {
    const response = await postJson("/v1/embeddings", await mintKey(), { model: "bge-base", input: [1, 2, 3] });
    expect(response.status).toBe(400);
    expect((await readError(response)).error.param).toBe("input");
  });

  it("falls over to the next target when the binding does not know the model", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "workers-ai-then-openai",
      messages: [{ role: "user", content: "fall over" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-target")).toBe("mini-us");
    expect(response.headers.get("x-switchboard-attempts")).toBe("2");
  });

  it("maps a capacity error to a 429 and never shows the binding's message", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "llama-3.1-8b",
      messages: [{ role: "user", content: "busy [[ai capacity]]" }],
    });
    expect(response.status).toBe(429);
    expect(JSON.stringify(await readError(response))).not.toContain("3040");
  });

  it("refuses images up front, since the provider declares no vision", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "llama-3.1-8b",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] }],
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).error.message).toContain("vision");
  });
});

describe("declared capabilities", () => {
  it("refuses tools on a target marked without tool support, before any upstream call", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "no-tools",
      messages: [{ role: "user", content: "x" }],
      tools: [{ type: "function", function: { name: "f" } }],
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).error.message).toContain("tools");
    expect(response.headers.get("x-switchboard-attempts")).toBeNull();
  });
});
