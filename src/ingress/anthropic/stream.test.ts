import Anthropic from "@anthropic-ai/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toAnthropicStream } from "./stream";

const encoder = new TextEncoder();

/** An upstream that hands out one piece per read, optionally failing after the last one. */
function upstream(pieces: readonly (string | Uint8Array)[], options: { fail?: boolean } = {}) {
  const state = { reads: 0, cancelled: false as boolean, cancelReason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[state.reads++];
      if (piece === undefined) {
        if (options.fail) controller.error(new Error("connection reset"));
        else controller.close();
        return;
      }
      controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece);
    },
    cancel(reason) {
      state.cancelled = true;
      state.cancelReason = reason;
    },
  });
  return { stream, state };
}

async function translate(pieces: readonly (string | Uint8Array)[], options: { fail?: boolean } = {}) {
  const { body, completion } = toAnthropicStream(upstream(pieces, options).stream, "requested-model");
  return { text: await new Response(body).text(), completion: await completion };
}

// OpenAI chunks as OpenAI's API reference shows them (with stream_options.include_usage set).
const head = '{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb",';
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${head}"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}],"usage":null}\n\n`;
const usageChunk = `data: ${head}"choices":[],"usage":{"prompt_tokens":125,"completion_tokens":15,"total_tokens":140,"prompt_tokens_details":{"cached_tokens":100}}}\n\n`;
const done = "data: [DONE]\n\n";
const toolStart = (index: number, id: string, name: string) => ({
  tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }],
});
const toolArgs = (index: number, args: string) => ({ tool_calls: [{ index, function: { arguments: args } }] });

const textStream = [
  chunk({ role: "assistant", content: "", refusal: null }),
  chunk({ content: "Hello" }),
  chunk({}),
  chunk({ content: "!" }),
  chunk({}, "stop"),
  usageChunk,
  done,
];

const messageStart =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_123","type":"message","role":"assistant","model":"gpt-4o-mini","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n';
const finalUsage = '"usage":{"input_tokens":25,"output_tokens":15,"cache_creation_input_tokens":0,"cache_read_input_tokens":100}';
const errorEvent =
  'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The provider failed while streaming the response."}}\n\n';
const usage = { inputTokens: 125, outputTokens: 15, totalTokens: 140, cachedInputTokens: 100 };

describe("toAnthropicStream", () => {
  it("writes Anthropic's documented text event sequence, with usage in message_delta", async () => {
    const { text, completion } = await translate(textStream);
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},${finalUsage}}\n\n` +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(completion).toEqual({ usage, upstreamFailed: false });
  });

  it("opens a tool_use block per call after the text block, with arguments split across chunks", async () => {
    const pieces = [
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Checking." }),
      chunk(toolStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather")),
      chunk(toolArgs(0, '{"')),
      chunk(toolArgs(0, 'location":"Bos')),
      chunk(toolArgs(0, 'ton, MA"}')),
      chunk(toolStart(1, "call_2", "get_time")),
      chunk(toolArgs(1, "{}")),
      chunk({}, "tool_calls"),
      usageChunk,
      done,
    ];
    const { text } = await translate(pieces);
    const start = (index: number, id: string, name: string) =>
      `event: content_block_start\ndata: {"type":"content_block_start","index":${index},"content_block":{"type":"tool_use","id":"${id}","name":"${name}","input":{}}}\n\n`;
    const json = (index: number, partial: string) =>
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(partial)}}}\n\n`;
    const stop = (index: number) => `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}\n\n' +
        stop(0) +
        start(1, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather") +
        json(1, '{"') +
        json(1, 'location":"Bos') +
        json(1, 'ton, MA"}') +
        stop(1) +
        start(2, "call_2", "get_time") +
        json(2, "{}") +
        stop(2) +
        `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},${finalUsage}}\n\n` +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it("is read by the official Anthropic SDK into the expected final message", async () => {
    const pieces = [
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Let me look." }),
      chunk(toolStart(0, "call_1", "get_weather")),
      chunk(toolArgs(0, '{"location":')),
      chunk(toolArgs(0, '"Paris"}')),
      chunk({}, "tool_calls"),
      usageChunk,
      done,
    ];
    const client = new Anthropic({
      apiKey: "sk-test",
      baseURL: "http://gateway.test",
      maxRetries: 0,
      fetch: async () =>
        new Response(toAnthropicStream(upstream(pieces).stream, "m").body, { headers: { "content-type": "text/event-stream" } }),
    });
    const stream = client.messages.stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "Weather?" }] });
    const message = await stream.finalMessage();
    expect(message.id).toBe("msg_123");
    expect(message.content).toEqual([
      { type: "text", text: "Let me look." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Paris" } },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 25, output_tokens: 15, cache_read_input_tokens: 100 });
  });

  it("gives the same events however the upstream bytes are cut, multi-byte characters included", async () => {
    const pieces = [chunk({ role: "assistant", content: "" }), chunk({ content: "Grüße 👋 " }), chunk({ content: "naïve" }), chunk({}, "stop"), usageChunk, done];
    const whole = (await translate(pieces)).text;
    const bytes = encoder.encode(pieces.join(""));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const split = points.slice(1).map((end, i) => bytes.slice(points[i], end));
        expect((await translate(split)).text).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });

  it("turns a mid-stream error event into Anthropic's error event and ends", async () => {
    const providerError = `data: ${JSON.stringify({ error: { message: "The provider failed while streaming the response.", type: "server_error", param: null, code: "upstream_stream_error" } })}\n\n`;
    const source = upstream([chunk({ role: "assistant", content: "" }), chunk({ content: "Hel" }), providerError, chunk({ content: "never" })]);
    const { body, completion } = toAnthropicStream(source.stream, "m");
    const text = await new Response(body).text();
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        errorEvent,
    );
    expect(await completion).toEqual({ usage: null, upstreamFailed: true });
    expect(source.state.cancelled).toBe(true);
  });

  it("reports a stream cut before its finish, or broken, with the error event", async () => {
    const cut = await translate([chunk({ role: "assistant", content: "" }), chunk({ content: "Hel" })]);
    expect(cut.text.endsWith(`"text":"Hel"}}\n\n${errorEvent}`)).toBe(true);
    expect(cut.completion).toEqual({ usage: null, upstreamFailed: true });

    const broken = await translate([chunk({ content: "Hel" })], { fail: true });
    expect(broken.text.endsWith(errorEvent)).toBe(true);
    expect(broken.completion.upstreamFailed).toBe(true);

    const empty = await translate([]);
    expect(empty.text).toBe(errorEvent);

    const garbage = await translate(["data: {not json\n\n"]);
    expect(garbage.text).toBe(errorEvent);
  });

  it("ends properly after a finish reason even without [DONE] or usage", async () => {
    const { text, completion } = await translate([chunk({ content: "ok" }), chunk({}, "length")]);
    expect(text).toContain('"delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":0,"output_tokens":0');
    expect(text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    expect(completion).toEqual({ usage: null, upstreamFailed: false });
  });

  it("raises the error event in the Anthropic SDK as an API error", async () => {
    const client = new Anthropic({
      apiKey: "sk-test",
      baseURL: "http://gateway.test",
      maxRetries: 0,
      fetch: async () =>
        new Response(toAnthropicStream(upstream([chunk({ content: "Hel" })]).stream, "m").body, {
          headers: { "content-type": "text/event-stream" },
        }),
    });
    const stream = client.messages.stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    await expect(stream.finalMessage()).rejects.toThrow(/The provider failed while streaming the response/);
  });

  it("cancels the upstream when the client cancels, and settles without failure", async () => {
    const source = upstream([chunk({ role: "assistant", content: "" }), chunk({ content: "Hello" }), chunk({ content: " world" })]);
    const { body, completion } = toAnthropicStream(source.stream, "m");
    const reader = body.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("message_start");
    await reader.cancel("client went away");
    expect(source.state.cancelled).toBe(true);
    expect(source.state.cancelReason).toBe("client went away");
    expect(await completion).toEqual({ usage: null, upstreamFailed: false });
  });
});
