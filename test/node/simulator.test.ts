import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestLog } from "../../scripts/simulator/request-log";
import { startSimulator, type RunningSimulator } from "../../scripts/simulator/server";
import { countTokens } from "../../scripts/simulator/tokens";
import { rejectionOf } from "../support/rejection-of";

const API_KEY = "sim-key";
const CANARY = "SIM-UPSTREAM-CANARY";

let sim: RunningSimulator;
let client: OpenAI;

function clientFor(provider: string, apiKey = API_KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${sim.origin}/${provider}/v1`, maxRetries: 0 });
}


async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}`, ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  client = clientFor("openai-us");
});

afterAll(async () => {
  await sim.close();
});

describe("chat completions", () => {
  it("answers a plain chat deterministically in OpenAI's shape", async () => {
    const request = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Hello simulator" }] };
    const completion = await client.chat.completions.create(request);
    expect(completion.object).toBe("chat.completion");
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]+$/);
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion.system_fingerprint).toBe("fp_sim_openai-us");
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: "assistant", content: "Simulated openai-us gpt-4o-mini reply to: Hello simulator", refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ]);
    const usage = completion.usage;
    expect(usage?.completion_tokens).toBe(countTokens("Simulated openai-us gpt-4o-mini reply to: Hello simulator"));
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));

    const again = await client.chat.completions.create(request);
    expect(again.id).toBe(completion.id);
    expect(again.choices[0]?.message.content).toBe(completion.choices[0]?.message.content);

    const longer = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hello simulator, this prompt is quite a lot longer than the other one" }],
    });
    expect(longer.usage?.prompt_tokens ?? 0).toBeGreaterThan(usage?.prompt_tokens ?? 0);
  });

  it("reads text parts and truncates at max_tokens with finish_reason length", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "part one" }, { type: "text", text: "part two" }] }],
      max_completion_tokens: 5,
    });
    expect(completion.choices[0]?.message.content).toBe("Simulated openai-us gpt");
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it("streams with include_usage: usage chunk last, deltas equal the non-stream reply", async () => {
    const messages = [{ role: "user" as const, content: "Stream me a reply please" }];
    const whole = await client.chat.completions.create({ model: "gpt-4o", messages });
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const usageChunk = chunks[chunks.length - 1];
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toEqual(whole.usage);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.usage).toBeNull();
    }
    const finish = chunks[chunks.length - 2]?.choices[0];
    expect(finish?.finish_reason).toBe("stop");
    expect(finish?.delta).toEqual({});
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(2);
  });

  it("delivers stream chunks incrementally (first chunk well before the end)", async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "slow stream [[sim chunk_delay_ms=150 chunks=4]]" }],
      stream: true,
    });
    const arrivals: number[] = [];
    for await (const _chunk of stream) arrivals.push(performance.now() - started);
    expect(arrivals.length).toBe(6); // role, 4 content chunks, finish
    const first = arrivals[0] ?? 0;
    const last = arrivals[arrivals.length - 1] ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(5 * 150 * 0.8);
    expect(first).toBeLessThan(last - 500);
  });

  it("calls tools, then answers the tool result with text", async () => {
    const tools: OpenAI.Chat.ChatCompletionTool[] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: {
            type: "object",
            properties: {
              city: { type: "string" },
              days: { type: "integer" },
              metric: { type: "boolean" },
              tags: { type: "array", items: { type: "string" } },
              unit: { type: "string", enum: ["celsius", "fahrenheit"] },
              optional: { type: "string" },
            },
            required: ["city", "days", "metric", "tags", "unit"],
          },
        },
      },
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ];
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Paris today" }];
    const first = await client.chat.completions.create({ model: "gpt-4o", messages, tools });
    const choice = first.choices[0];
    if (choice === undefined) throw new Error("expected a choice");
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.id).toMatch(/^call_[0-9a-f]+$/);
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({
      city: "Weather in Paris today",
      days: 42,
      metric: true,
      tags: [],
      unit: "celsius",
    });

    const forced = await client.chat.completions.create({
      model: "gpt-4o",
      messages,
      tools,
      tool_choice: { type: "function", function: { name: "get_time" } },
    });
    const forcedCall = forced.choices[0]?.message.tool_calls?.[0];
    expect(forcedCall?.type === "function" ? forcedCall.function.name : undefined).toBe("get_time");

    const none = await client.chat.completions.create({ model: "gpt-4o", messages, tools, tool_choice: "none" });
    expect(none.choices[0]?.finish_reason).toBe("stop");

    const followUp = await client.chat.completions.create({
      model: "gpt-4o",
      tools,
      messages: [...messages, choice.message, { role: "tool", tool_call_id: call.id, content: "Sunny, 21C" }],
    });
    expect(followUp.choices[0]?.finish_reason).toBe("stop");
    expect(followUp.choices[0]?.message.content).toBe("Simulated openai-us gpt-4o used tool result: Sunny, 21C");
  });

  it("streams tool calls the way OpenAI does", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "Lookup order" }],
      tools: [
        {
          type: "function",
          function: { name: "lookup", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
        },
      ],
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const head = chunks[0]?.choices[0]?.delta.tool_calls?.[0];
    expect(head).toMatchObject({ index: 0, type: "function", function: { name: "lookup", arguments: "" } });
    expect(head?.id).toMatch(/^call_/);
    const args = chunks.map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "").join("");
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls !== undefined).length).toBeGreaterThan(2);
    expect(JSON.parse(args)).toEqual({ id: "Lookup order" });
    expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("fills a json_schema response format, and wraps json_object replies", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Describe Ada" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "person",
          strict: true,
          schema: {
            type: "object",
            properties: {
              name: { type: "string" },
              age: { type: "number" },
              address: {
                type: "object",
                properties: { street: { type: "string" }, verified: { type: "boolean" } },
                required: ["street", "verified"],
              },
              nickname: { type: ["string", "null"] },
            },
            required: ["name", "age", "address", "nickname"],
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({
      name: "Describe Ada",
      age: 42,
      address: { street: "Describe Ada", verified: true },
      nickname: "Describe Ada",
    });

    const jsonObject = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "json please [[sim reply=pong]]" }],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(jsonObject.choices[0]?.message.content ?? "")).toEqual({ reply: "pong" });
  });
});

describe("embeddings and models", () => {
  it("returns the same unit vectors as float and as the SDK's default base64", async () => {
    const input = ["alpha", "beta"];
    const asFloat = await client.embeddings.create({ model: "text-embedding-3-small", input, encoding_format: "float" });
    const asDefault = await client.embeddings.create({ model: "text-embedding-3-small", input });
    expect(asFloat.object).toBe("list");
    expect(asFloat.data.map((entry) => entry.index)).toEqual([0, 1]);
    const floats = asFloat.data.map((entry) => entry.embedding);
    expect(asDefault.data.map((entry) => entry.embedding)).toEqual(floats);
    for (const vector of floats) {
      expect(vector).toHaveLength(16);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(floats[0]).not.toEqual(floats[1]);
    expect(asFloat.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });

    const raw = await postJson("/openai-us/v1/embeddings", { model: "text-embedding-3-small", input: "alpha", encoding_format: "base64" });
    const rawBody = (await raw.json()) as { data: { embedding: unknown }[] };
    expect(typeof rawBody.data[0]?.embedding).toBe("string");

    const sized = await client.embeddings.create({ model: "text-embedding-3-small", input: [[1, 2, 3]], dimensions: 8 });
    expect(sized.data[0]?.embedding).toHaveLength(8);
    expect(sized.usage.prompt_tokens).toBe(3);
  });

  it("lists and retrieves models", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model).toMatchObject({ object: "model", owned_by: "switchboard-simulator" });
      ids.push(model.id);
    }
    expect(ids).toEqual(["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"]);
    expect((await client.models.retrieve("gpt-4o")).id).toBe("gpt-4o");
    expect(await rejectionOf(client.models.retrieve("nope"))).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("errors and directives", () => {
  it("rejects a wrong or missing key with OpenAI's 401", async () => {
    const error = await rejectionOf(
      clientFor("openai-us", "wrong-key").chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error instanceof OpenAI.APIError ? error.code : undefined).toBe("invalid_api_key");

    const response = await fetch(`${sim.origin}/openai-us/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining("Incorrect API key provided"), type: "invalid_request_error", param: null, code: "invalid_api_key" },
    });
  });

  it("answers 404 model_not_found, 404 unknown provider, and 400s for bad bodies", async () => {
    const error = await rejectionOf(client.chat.completions.create({ model: "gpt-9", messages: [{ role: "user", content: "hi" }] }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error instanceof OpenAI.APIError ? error.code : undefined).toBe("model_not_found");

    const unknown = await postJson("/nobody/v1/chat/completions", { model: "gpt-4o", messages: [] });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");

    const invalid = await fetch(`${sim.origin}/openai-us/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}` },
      body: "{not json",
    });
    expect(invalid.status).toBe(400);
    const missing = await postJson("/openai-us/v1/chat/completions", { model: "gpt-4o" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe("messages");
  });

  it("provokes a 429 with Retry-After and a 500 carrying the canary", async () => {
    const limited = await rejectionOf(
      client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi [[sim status=429 retry_after=3]]" }] }),
    );
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    if (!(limited instanceof OpenAI.RateLimitError)) throw new Error("unreachable");
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.code).toBe("rate_limit_exceeded");
    expect(limited.type).toBe("requests");

    const failed = await rejectionOf(
      client.chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi [[sim status=500]]" }] }),
    );
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed instanceof Error ? failed.message : "").toContain(CANARY);

    const flaky = await postJson("/flaky/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(flaky.status).toBe(500);
    expect(await flaky.text()).toContain(CANARY);
  });

  it("drops a stream mid-way and stalls a stream until the client leaves", async () => {
    const dropped = await client.chat.completions.create({
      model: "gpt-4o",
      stream: true,
      messages: [{ role: "user", content: "drop me [[sim drop_after=2]]" }],
    });
    const seen: string[] = [];
    const dropError = await rejectionOf(
      (async () => {
        for await (const chunk of dropped) seen.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    );
    expect(dropError).toBeInstanceOf(Error);
    expect(seen).toHaveLength(2);

    const stalled = await postJson("/openai-us/v1/chat/completions", {
      model: "gpt-4o",
      stream: true,
      messages: [{ role: "user", content: "stall [[sim stall_after=2]]" }],
    });
    const reader = stalled.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    let text = "";
    while ((text.match(/data: /g) ?? []).length < 2) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    const next = await Promise.race([reader.read().then(() => "data"), new Promise((resolve) => setTimeout(resolve, 400, "stalled"))]);
    expect(next).toBe("stalled");
    expect((text.match(/data: /g) ?? []).length).toBe(2);
    await reader.cancel();
  });

  it("records upstream requests for /_sim/requests and answers /healthz", async () => {
    const marker = `marker-${Date.now()}`;
    await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: `find ${marker}` }] });
    const response = await fetch(`${sim.origin}/_sim/requests?contains=${marker}`);
    const { data } = (await response.json()) as { data: { provider: string; method: string; path: string; headers: Record<string, string>; body: string }[] };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ provider: "openai-us", method: "POST", path: "/openai-us/v1/chat/completions" });
    expect(data[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(data[0]?.body).toContain(marker);

    const health = await fetch(`${sim.origin}/healthz`);
    expect(await health.json()).toEqual({ ok: true, service: "switchboard-simulator" });

    const log = new RequestLog(3);
    for (const index of [1, 2, 3, 4]) log.record({ provider: "p", method: "GET", path: "/", headers: {}, body: `b${index}`, receivedAt: "" });
    expect(log.find(null).map((entry) => entry.body)).toEqual(["b2", "b3", "b4"]);
  });
});

describe("lifecycle", () => {
  it("closes promptly even with a hanging request open", async () => {
    const own = await startSimulator({ port: 0 });
    const marker = `hang-${Date.now()}`;
    const pending = fetch(`${own.origin}/openai-eu/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer any" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: `${marker} [[sim hang]]` }] }),
    });
    const settled = pending.then(
      () => "resolved",
      () => "rejected",
    );
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const found = (await (await fetch(`${own.origin}/_sim/requests?contains=${marker}`)).json()) as { data: unknown[] };
      if (found.data.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await settled).toBe("rejected");
  });

  it("reports a taken port clearly", async () => {
    const error = await rejectionOf(startSimulator({ port: sim.port }));
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof Error ? error.message : "").toBe(`simulator port ${sim.port} on 127.0.0.1 is already in use`);
  });

  it("runs as a CLI that prints a ready line and exits on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/simulator/main.ts", "--port", "0"], {
      cwd: new URL("../..", import.meta.url),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", () => reject(new Error("simulator CLI exited early")));
    });
    const ready = JSON.parse(firstLine) as { event: string; origin: string; providers: string[] };
    expect(ready.event).toBe("ready");
    expect(ready.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.providers).toEqual(expect.arrayContaining(["openai-us", "openai-eu", "openai-ap", "flaky"]));
    expect(await (await fetch(`${ready.origin}/healthz`)).json()).toMatchObject({ ok: true });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
