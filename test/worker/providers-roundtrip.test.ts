import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { mintKey, openaiClient, postJson, readError, upstreamRequestsContaining } from "./helpers";

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

interface StreamRead {
  text: string;
  finish: string | null;
  usage: OpenAI.CompletionUsage | null;
  toolName: string;
  toolArguments: string;
  toolId: string;
}

async function readStream(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<StreamRead> {
  const read: StreamRead = { text: "", finish: null, usage: null, toolName: "", toolArguments: "", toolId: "" };
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    read.text += choice?.delta.content ?? "";
    read.finish = choice?.finish_reason ?? read.finish;
    const call = choice?.delta.tool_calls?.[0];
    read.toolName += call?.function?.name ?? "";
    read.toolArguments += call?.function?.arguments ?? "";
    read.toolId += call?.id ?? "";
    if (chunk.usage) read.usage = chunk.usage;
  }
  return read;
}

// One public model per provider family, each served by the simulator speaking that provider's real wire format.
const families = [
  { model: "claude-sonnet", model429: "claude-429", provider: "anthropic-us", upstream: "claude-sonnet-4-5", path: "/anthropic-us/v1/messages" },
  {
    model: "gemini-flash",
    model429: "gemini-429",
    provider: "gemini-us",
    upstream: "gemini-2.5-flash",
    path: "/gemini-us/v1beta/models/gemini-2.5-flash:generateContent",
  },
  {
    model: "azure-mini",
    model429: "azure-429",
    provider: "azure-eu",
    upstream: "gpt-4o-mini",
    path: "/azure-eu/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",
  },
] as const;

describe.each(families)("OpenAI SDK → $provider", ({ model, model429, provider, upstream, path }) => {
  it("answers a plain request with the provider's reply and usage, having sent the provider's own format", async () => {
    const client = openaiClient(await mintKey());
    const marker = `rt-${crypto.randomUUID()}`;
    const completion = await client.chat.completions.create({
      model,
      max_tokens: 200,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: `hello ${marker}` },
      ],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toContain(`Simulated ${provider} ${upstream} reply to: hello ${marker}`);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);

    const [sent] = await upstreamRequestsContaining(marker);
    expect(sent?.path).toBe(path);
    expect(sent?.body).toContain("Be brief.");
  });

  it("streams the reply as OpenAI chunks, with usage when asked", async () => {
    const client = openaiClient(await mintKey());
    const read = await readStream(
      await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "stream this [[sim chunks=5]]" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(read.text).toContain(`Simulated ${provider} ${upstream} reply to: stream this`);
    expect(read.finish).toBe("stop");
    expect(read.usage?.completion_tokens).toBeGreaterThan(0);
    expect(read.usage?.total_tokens).toBe((read.usage?.prompt_tokens ?? 0) + (read.usage?.completion_tokens ?? 0));
  });

  it("returns tool calls, plain and streamed alike, and accepts the tool result back", async () => {
    const client = openaiClient(await mintKey());
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: "user", content: "weather in Lisbon" }];
    const plain = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(plain.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    const args = call?.type === "function" ? (JSON.parse(call.function.arguments) as { city?: unknown }) : {};
    expect(typeof args.city).toBe("string");

    const streamed = await readStream(await client.chat.completions.create({ model, messages, tools: [weatherTool], stream: true }));
    expect(streamed.finish).toBe("tool_calls");
    expect(streamed.toolName).toBe("get_weather");
    expect(JSON.parse(streamed.toolArguments)).toEqual(args);

    const answer = await client.chat.completions.create({
      model,
      tools: [weatherTool],
      messages: [
        ...messages,
        { role: "assistant", content: null, tool_calls: plain.choices[0]?.message.tool_calls ?? [] },
        { role: "tool", tool_call_id: call?.id ?? "", content: "21C and clear" },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(answer.choices[0]?.message.content).toContain("21C and clear");
  });

  it("answers an upstream failure with a 502 in OpenAI's shape that shows nothing of the provider's body", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model,
      messages: [{ role: "user", content: "fail [[sim status=500]]" }],
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain("SIM-UPSTREAM-CANARY");
    expect(JSON.parse(text)).toMatchObject({ error: { type: "api_error", code: "upstream_error" } });
  });

  it("passes a provider 429 on with Retry-After", async () => {
    // Its own target: the 429 opens that target's circuit for the Retry-After.
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: model429,
      messages: [{ role: "user", content: "slow down [[sim status=429 retry_after=7]]" }],
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });
});

describe("provider-specific behaviour", () => {
  it("Anthropic: cache reads count as cached prompt tokens, included in prompt_tokens as OpenAI counts them", async () => {
    const client = openaiClient(await mintKey());
    const completion = await client.chat.completions.create({
      model: "claude-sonnet",
      messages: [{ role: "user", content: "cached [[sim cache_read=40]]" }],
    });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(40);
    expect(completion.usage?.prompt_tokens).toBeGreaterThanOrEqual(40);
  });

  it("Anthropic: an error event mid-stream reaches the OpenAI client as an APIError, not a hang", async () => {
    const client = openaiClient(await mintKey());
    const stream = await client.chat.completions.create({
      model: "claude-sonnet",
      messages: [{ role: "user", content: "break [[sim stream_error=2 chunks=6]]" }],
      stream: true,
    });
    await expect(readStream(stream)).rejects.toThrow(/failed while streaming/);
  });

  it("Anthropic: JSON mode is refused up front, since Anthropic has none", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "claude-sonnet",
      messages: [{ role: "user", content: "json please" }],
      response_format: { type: "json_object" },
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).error.message).toContain("jsonMode");
  });

  it("fails over from an Anthropic target that refuses the gateway's key to Gemini", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "claude-then-gemini",
      messages: [{ role: "user", content: "fail over across formats" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-target")).toBe("gemini-flash-us");
    expect(response.headers.get("x-switchboard-attempts")).toBe("2");
    expect(((await response.json()) as OpenAI.Chat.Completions.ChatCompletion).choices[0]?.message.content).toContain("gemini-2.5-flash");
  });

  it("a request one target cannot express (n > 1 on Anthropic) goes to the next, without calling the first", async () => {
    const marker = `n2-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "claude-then-openai",
      n: 2,
      messages: [{ role: "user", content: `two choices ${marker}` }],
    });
    // The simulated OpenAI serves only n=1 and says so; what matters is who was asked.
    expect(response.headers.get("x-switchboard-attempts")).toBe("2");
    const sent = await upstreamRequestsContaining(marker);
    expect(sent.map((request) => request.provider)).toEqual(["openai-us"]);

    const only = await postJson("/v1/chat/completions", await mintKey(), { model: "claude-sonnet", n: 2, messages: [{ role: "user", content: "x" }] });
    expect(only.status).toBe(400);
    expect((await readError(only)).error.param).toBe("n");
  });

  it("Gemini: JSON mode answers JSON", async () => {
    const client = openaiClient(await mintKey());
    const completion = await client.chat.completions.create({
      model: "gemini-flash",
      messages: [{ role: "user", content: "json please" }],
      response_format: { type: "json_object" },
    });
    expect(() => JSON.parse(completion.choices[0]?.message.content ?? "")).not.toThrow();
  });

  it("Gemini: a safety block surfaces as finish_reason content_filter", async () => {
    const client = openaiClient(await mintKey());
    const plain = await client.chat.completions.create({ model: "gemini-flash", messages: [{ role: "user", content: "x [[sim safety_block]]" }] });
    expect(plain.choices[0]?.finish_reason).toBe("content_filter");
    const streamed = await readStream(
      await client.chat.completions.create({ model: "gemini-flash", messages: [{ role: "user", content: "x [[sim safety_block]]" }], stream: true }),
    );
    expect(streamed.finish).toBe("content_filter");
  });

  it("Azure: a content-filter refusal is a 400 with code content_filter and no Azure text", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "azure-mini",
      messages: [{ role: "user", content: "x [[sim content_filter]]" }],
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "content_filter", type: "invalid_request_error" } });
    expect(text).not.toContain("SIM-UPSTREAM-CANARY");
  });

  it("embeds through Gemini and Azure, in the SDK's default base64 and in floats", async () => {
    const client = openaiClient(await mintKey());
    for (const model of ["gemini-embedding", "azure-embedding"]) {
      const base64 = await client.embeddings.create({ model, input: ["alpha", "beta"] });
      const floats = await client.embeddings.create({ model, input: ["alpha", "beta"], encoding_format: "float" });
      expect(base64.data).toHaveLength(2);
      expect(base64.data[0]?.embedding.length).toBe(floats.data[0]?.embedding.length);
      base64.data[1]?.embedding.slice(0, 8).forEach((value, i) => expect(value).toBeCloseTo(floats.data[1]?.embedding[i] ?? Number.NaN, 5));
    }
  });
});
