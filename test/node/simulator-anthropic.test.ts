import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../scripts/simulator/server";
import { countTokens } from "../../scripts/simulator/tokens";
import { rejectionOf } from "../support/rejection-of";

const API_KEY = "sim-key";
const CANARY = "SIM-UPSTREAM-CANARY";
const MODEL = "claude-sonnet-4-5";

let sim: RunningSimulator;
let client: Anthropic;

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", "x-api-key": API_KEY, "anthropic-version": "2023-06-01", ...extra };
}

function post(body: unknown, extra: Record<string, string> = {}, path = "/anthropic-us/v1/messages"): Promise<Response> {
  return fetch(`${sim.origin}${path}`, { method: "POST", headers: headers(extra), body: JSON.stringify(body) });
}

function ask(content: string, extra: Json = {}): Json {
  return { model: MODEL, max_tokens: 256, messages: [{ role: "user", content }], ...extra };
}

/** The same request, typed for the SDK. */
function sdkAsk(content: string): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 256, messages: [{ role: "user", content }] };
}

/** Splits an SSE body into events, checking every frame is `event: <name>\ndata: <json>` with a matching `type`. */
function parseSse(text: string): SseEvent[] {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .split("\n\n")
    .filter((frame) => frame !== "")
    .map((frame) => {
      const match = /^event: (\S+)\ndata: (.+)$/.exec(frame);
      if (match === null) throw new Error(`bad SSE frame: ${JSON.stringify(frame)}`);
      const data = JSON.parse(match[2] ?? "") as Json;
      expect(data.type).toBe(match[1]);
      return { event: match[1] ?? "", data };
    });
}

async function streamed(body: Json): Promise<SseEvent[]> {
  const response = await post({ ...body, stream: true });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  return parseSse(await response.text());
}

async function errorOf(response: Response): Promise<{ status: number; type: string; message: string; body: Json }> {
  const body = (await response.json()) as Json;
  expect(body.type).toBe("error");
  expect(body.request_id).toBe(response.headers.get("request-id"));
  const error = body.error as { type: string; message: string };
  expect(error.message).toContain(CANARY);
  return { status: response.status, type: error.type, message: error.message, body };
}


const weatherTool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: {
    type: "object" as const,
    properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } },
    required: ["city", "days", "unit"],
  },
};
const timeTool = { name: "get_time", input_schema: { type: "object" as const, properties: {} } };

beforeAll(async () => {
  // The SDK console.warns on every request that claude-sonnet-4-5 is deprecated; the profile's models are fixed.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  client = new Anthropic({ apiKey: API_KEY, baseURL: `${sim.origin}/anthropic-us`, maxRetries: 0 });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await sim.close();
});

describe("Anthropic messages", () => {
  it("answers in the Messages API shape, deterministically, through the official SDK", async () => {
    const request = { model: MODEL, max_tokens: 256, messages: [{ role: "user" as const, content: "Hello Claude" }] };
    const message = await client.messages.create(request);
    const text = "Simulated anthropic-us claude-sonnet-4-5 reply to: Hello Claude";
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-z]+$/),
      type: "message",
      role: "assistant",
      model: MODEL,
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), output_tokens: countTokens(text), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    const again = await client.messages.create(request);
    expect(again.id).toBe(message.id);

    const eu = new Anthropic({ apiKey: API_KEY, baseURL: `${sim.origin}/anthropic-eu`, maxRetries: 0 });
    const fromEu = await eu.messages.create({ ...request, model: "claude-haiku-4-5" });
    expect(fromEu.content).toEqual([{ type: "text", text: "Simulated anthropic-eu claude-haiku-4-5 reply to: Hello Claude" }]);

    const raw = await post(request);
    expect(raw.headers.get("request-id")).toMatch(/^req_/);
  });

  it("reads system prompts and content blocks, and counts them as input tokens", async () => {
    const plain = (await (await post(ask("Describe this"))).json()) as { usage: { input_tokens: number } };
    const withSystem = (await (
      await post({
        model: MODEL,
        max_tokens: 64,
        system: [{ type: "text", text: "You are a terse assistant that answers in one line", cache_control: { type: "ephemeral" } }],
        messages: [
          {
            role: "user",
            content: [
              { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
              { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
              { type: "text", text: "Describe this" },
            ],
          },
        ],
      })
    ).json()) as { content: { text: string }[]; usage: { input_tokens: number } };
    expect(withSystem.content[0]?.text).toBe("Simulated anthropic-us claude-sonnet-4-5 reply to: Describe this");
    expect(withSystem.usage.input_tokens).toBeGreaterThan(plain.usage.input_tokens);

    const counted = (await (
      await post({ model: MODEL, messages: [{ role: "user", content: "Describe this" }] }, {}, "/anthropic-us/v1/messages/count_tokens")
    ).json()) as { input_tokens: number };
    expect(counted).toEqual({ input_tokens: plain.usage.input_tokens });
  });

  it("truncates at max_tokens and stops at stop_sequences", async () => {
    const truncated = await client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: "user", content: "long one" }] });
    expect(truncated.content).toEqual([{ type: "text", text: "Simulated anthropic-us claude" }]);
    expect(truncated.stop_reason).toBe("max_tokens");
    expect(truncated.usage.output_tokens).toBe(5);

    const stopped = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      stop_sequences: ["never", " reply"],
      messages: [{ role: "user", content: "stop early" }],
    });
    expect(stopped.content).toEqual([{ type: "text", text: "Simulated anthropic-us claude-sonnet-4-5" }]);
    expect(stopped.stop_reason).toBe("stop_sequence");
    expect(stopped.stop_sequence).toBe(" reply");
  });

  it("answers structured outputs (output_config.format json_schema) with JSON filling the schema", async () => {
    const response = (await (
      await post(
        ask("Describe Ada", {
          output_config: {
            format: { type: "json_schema", schema: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"] } },
          },
        }),
      )
    ).json()) as { content: { type: string; text: string }[] };
    expect(JSON.parse(response.content[0]?.text ?? "")).toEqual({ name: "Describe Ada", age: 42 });
  });

  it("streams with Anthropic's exact event order and framing", async () => {
    const whole = (await (await post(ask("Stream this please"))).json()) as { content: { text: string }[]; usage: Json };
    const events = await streamed(ask("Stream this please [[sim chunks=3]]"));
    expect(events.map((event) => event.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = events[0]?.data.message as Json;
    expect(start).toMatchObject({ type: "message", role: "assistant", model: MODEL, content: [], stop_reason: null, stop_sequence: null });
    expect(start.usage).toMatchObject({ output_tokens: 1, cache_read_input_tokens: 0 });
    expect(events[1]?.data).toEqual({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    const deltas = events.filter((event) => event.event === "content_block_delta").map((event) => event.data.delta as { type: string; text: string });
    expect(deltas.every((delta) => delta.type === "text_delta")).toBe(true);
    expect(deltas.map((delta) => delta.text).join("")).toBe(whole.content[0]?.text);
    expect(events[6]?.data).toEqual({ type: "content_block_stop", index: 0 });
    expect(events[7]?.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: (whole.usage as { output_tokens: number }).output_tokens },
    });

    const sdkStream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: "user", content: "Stream this please" }] });
    const final = await sdkStream.finalMessage();
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBe((whole.usage as { output_tokens: number }).output_tokens);
  });

  it("calls tools from their input_schema, honours tool_choice and answers tool results", async () => {
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Paris" }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 256, messages, tools: [weatherTool, timeTool] });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content[0];
    if (call?.type !== "tool_use") throw new Error("expected a tool_use block");
    expect(call.id).toMatch(/^toolu_/);
    expect(call.name).toBe("get_weather");
    expect(call.input).toEqual({ city: "Weather in Paris", days: 42, unit: "c" });

    const forced = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      messages,
      tools: [weatherTool, timeTool],
      tool_choice: { type: "tool", name: "get_time" },
    });
    expect(forced.content[0]).toMatchObject({ type: "tool_use", name: "get_time", input: {} });
    const any = await client.messages.create({ model: MODEL, max_tokens: 256, messages, tools: [timeTool], tool_choice: { type: "any" } });
    expect(any.stop_reason).toBe("tool_use");
    const none = await client.messages.create({ model: MODEL, max_tokens: 256, messages, tools: [weatherTool], tool_choice: { type: "none" } });
    expect(none.stop_reason).toBe("end_turn");

    const followUp = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        ...messages,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: [{ type: "text", text: "Sunny, 21C" }] }] },
      ],
    });
    expect(followUp.stop_reason).toBe("end_turn");
    expect(followUp.content).toEqual([{ type: "text", text: "Simulated anthropic-us claude-sonnet-4-5 used tool result: Sunny, 21C" }]);

    const orphan = await post({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_missing", content: "x" }] }],
    });
    const orphanError = await errorOf(orphan);
    expect([orphanError.status, orphanError.type]).toEqual([400, "invalid_request_error"]);
    expect(orphanError.message).toContain("unexpected `tool_use_id` found in `tool_result` blocks: toolu_missing");

    const unanswered = await post({
      model: MODEL,
      max_tokens: 10,
      messages: [...messages, { role: "assistant", content: first.content }, { role: "user", content: "and?" }],
    });
    expect((await errorOf(unanswered)).message).toContain("`tool_use` ids were found without `tool_result` blocks immediately after");
  });

  it("streams tool input as several input_json_delta events", async () => {
    const events = await streamed(ask("Weather in Rome", { tools: [weatherTool] }));
    expect(events.map((event) => event.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      ...events.filter((event) => event.event === "content_block_delta").map(() => "content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[1]?.data.content_block).toEqual({ type: "tool_use", id: expect.stringMatching(/^toolu_/), name: "get_weather", input: {} });
    const deltas = events.filter((event) => event.event === "content_block_delta").map((event) => event.data.delta as { type: string; partial_json: string });
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.every((delta) => delta.type === "input_json_delta")).toBe(true);
    expect(JSON.parse(deltas.map((delta) => delta.partial_json).join(""))).toEqual({ city: "Weather in Rome", days: 42, unit: "c" });
    expect((events[events.length - 2]?.data.delta as Json).stop_reason).toBe("tool_use");
  });
});

describe("Anthropic auth and errors", () => {
  it("requires x-api-key (or the Bearer key the SDK sends) and anthropic-version", async () => {
    const missingKey = await fetch(`${sim.origin}/anthropic-us/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify(ask("hi")),
    });
    expect([missingKey.status, (await errorOf(missingKey)).type]).toEqual([401, "authentication_error"]);
    const wrongKey = await post(ask("hi"), { "x-api-key": "nope" });
    expect([wrongKey.status, (await errorOf(wrongKey)).type]).toEqual([401, "authentication_error"]);
    const bearer = await fetch(`${sim.origin}/anthropic-us/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(ask("hi")),
    });
    expect(bearer.status).toBe(200);
    expect(await rejectionOf(new Anthropic({ apiKey: "nope", baseURL: `${sim.origin}/anthropic-us`, maxRetries: 0 }).messages.create(sdkAsk("hi")))).toBeInstanceOf(
      Anthropic.AuthenticationError,
    );

    const noVersion = await fetch(`${sim.origin}/anthropic-us/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": API_KEY },
      body: JSON.stringify(ask("hi")),
    });
    const versionError = await errorOf(noVersion);
    expect([versionError.status, versionError.type]).toEqual([400, "invalid_request_error"]);
    expect(versionError.message).toContain("anthropic-version");
  });

  it("rejects invalid bodies the way the API does", async () => {
    const cases: [Json, string][] = [
      [{ model: MODEL, messages: [{ role: "user", content: "hi" }] }, "max_tokens: Field required"],
      [{ model: MODEL, max_tokens: 0, messages: [{ role: "user", content: "hi" }] }, "max_tokens: Input should be greater than or equal to 1"],
      [{ model: MODEL, max_tokens: 5 }, "messages: Field required"],
      [{ model: MODEL, max_tokens: 5, messages: [{ role: "system", content: "hi" }] }, "messages.0.role: Input should be 'user' or 'assistant'"],
      [{ ...ask("hi"), n: 1 }, "n: Extra inputs are not permitted"],
      [{ ...ask("hi"), temperature: 1.5 }, "temperature: Input should be less than or equal to 1"],
      [{ ...ask("hi"), tools: [{ name: "x" }] }, "tools.0.custom.input_schema: Field required"],
      [{ ...ask("hi"), tools: [timeTool], tool_choice: { type: "tool", name: "nope" } }, "Tool 'nope' not found"],
      [
        { model: MODEL, max_tokens: 5, messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/bmp", data: "x" } }] }] },
        "media_type",
      ],
      [{ model: MODEL, max_tokens: 5, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] }, "text content blocks must be non-empty"],
    ];
    for (const [body, message] of cases) {
      const error = await errorOf(await post(body));
      expect([error.status, error.type]).toEqual([400, "invalid_request_error"]);
      expect(error.message).toContain(message);
    }
    const unknownModel = await errorOf(await post({ ...ask("hi"), model: "claude-nope" }));
    expect([unknownModel.status, unknownModel.type, unknownModel.message]).toEqual([404, "not_found_error", `model: claude-nope (${CANARY})`]);
    const unknownPath = await errorOf(await post(ask("hi"), {}, "/anthropic-us/v1/complete"));
    expect([unknownPath.status, unknownPath.type]).toEqual([404, "not_found_error"]);
  });

  it("answers status directives with Anthropic's error types", async () => {
    const expected: [number, string][] = [
      [400, "invalid_request_error"],
      [401, "authentication_error"],
      [403, "permission_error"],
      [404, "not_found_error"],
      [429, "rate_limit_error"],
      [500, "api_error"],
      [529, "overloaded_error"],
    ];
    for (const [status, type] of expected) {
      const response = await post(ask(`fail [[sim status=${status} retry_after=4]]`));
      const error = await errorOf(response);
      expect([error.status, error.type]).toEqual([status, type]);
      expect(response.headers.get("retry-after")).toBe(status === 429 ? "4" : null);
    }
    const overloaded = await rejectionOf(client.messages.create(sdkAsk("busy [[sim status=529]]")));
    expect(overloaded).toBeInstanceOf(Anthropic.InternalServerError);
    expect(overloaded instanceof Anthropic.APIError ? overloaded.status : 0).toBe(529);
    expect(await rejectionOf(client.messages.create(sdkAsk("slow down [[sim status=429]]")))).toBeInstanceOf(Anthropic.RateLimitError);
    const typo = await errorOf(await post(ask("x [[sim safety_block]]")));
    expect(typo.message).toContain("safety_block is only simulated for gemini providers");
  });
});

describe("Anthropic directives", () => {
  it("stream_error=<n> sends an SSE error event after n content deltas and ends the stream", async () => {
    const events = await streamed(ask("break this stream [[sim stream_error=2 chunks=4]]"));
    expect(events.map((event) => event.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "error",
    ]);
    expect(events[5]?.data).toEqual({ type: "error", error: { type: "overloaded_error", message: `Overloaded ${CANARY}` } });

    const early = await streamed(ask("break at once [[sim stream_error=0]]"));
    expect(early.map((event) => event.event)).toEqual(["message_start", "content_block_start", "ping", "error"]);

    const sdkError = await rejectionOf(
      (async () => {
        const stream = await client.messages.create({ ...sdkAsk("sdk sees it [[sim stream_error=1]]"), stream: true });
        for await (const _event of stream) {
          // drain
        }
      })(),
    );
    expect(sdkError).toBeInstanceOf(Anthropic.APIError);
    expect(sdkError instanceof Error ? sdkError.message : "").toContain(CANARY);
  });

  it("cache_read=<n> reports cache_read_input_tokens apart from input_tokens", async () => {
    // cache_read=0 and cache_read=4 make prompts of the same length.
    const uncached = (await (await post(ask("cached prompt [[sim cache_read=0]]"))).json()) as { usage: Record<string, number> };
    const cached = (await (await post(ask("cached prompt [[sim cache_read=4]]"))).json()) as { usage: Record<string, number> };
    expect(uncached.usage.cache_read_input_tokens).toBe(0);
    expect(cached.usage).toEqual({ ...uncached.usage, input_tokens: (uncached.usage.input_tokens ?? 0) - 4, cache_read_input_tokens: 4 });
    const start = (await streamed(ask("cached prompt [[sim cache_read=4]]")))[0]?.data.message as { usage: Record<string, number> };
    expect(start.usage).toEqual({ ...cached.usage, output_tokens: 1 });
  });

  it("drops, stalls and hangs like the OpenAI endpoints", async () => {
    const dropped = await post({ ...ask("drop [[sim drop_after=3]]"), stream: true });
    const dropError = await rejectionOf(dropped.text());
    expect(dropError).toBeInstanceOf(Error);

    const stalled = await post({ ...ask("stall [[sim stall_after=3]]"), stream: true });
    const reader = stalled.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    let text = "";
    while ((text.match(/^event: /gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    const next = await Promise.race([reader.read().then(() => "data"), new Promise((resolve) => setTimeout(resolve, 300, "stalled"))]);
    expect(next).toBe("stalled");
    expect(text.match(/^event: (\S+)/gm)).toEqual(["event: message_start", "event: content_block_start", "event: ping"]);
    await reader.cancel();

    const controller = new AbortController();
    const pending = fetch(`${sim.origin}/anthropic-us/v1/messages`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify(ask("hang [[sim hang]]")),
      signal: controller.signal,
    }).then(
      () => "answered",
      () => "aborted",
    );
    expect(await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 300, "hanging"))])).toBe("hanging");
    controller.abort();
    expect(await pending).toBe("aborted");
  });

  it("records the requests under the provider's path prefix", async () => {
    const marker = `anthropic-marker-${Date.now()}`;
    await post(ask(`find ${marker}`));
    const { data } = (await (await fetch(`${sim.origin}/_sim/requests?contains=${marker}`)).json()) as {
      data: { provider: string; method: string; path: string; headers: Record<string, string> }[];
    };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ provider: "anthropic-us", method: "POST", path: "/anthropic-us/v1/messages" });
    expect(data[0]?.headers["x-api-key"]).toBe(API_KEY);
    expect(data[0]?.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("lists its models", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["claude-sonnet-4-5", "claude-haiku-4-5"]);
    expect(models.data[0]).toMatchObject({ type: "model", display_name: "Claude Sonnet 4.5" });
  });
});
