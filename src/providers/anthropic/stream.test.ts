import { describe, expect, it } from "vitest";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { translateStream } from "./stream";
import { basicStream, overloadedEvent, serverToolStream, thinkingStream, toolStream } from "./test-fixtures";

const encoder = new TextEncoder();

/** The upstream bytes in pieces of `size`, so events and UTF-8 sequences split anywhere. */
function upstream(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const request = (includeUsage = true): ChatCompletionRequest => ({
  model: "claude",
  messages: [{ role: "user", content: "Hello" }],
  stream: true,
  stream_options: { include_usage: includeUsage },
});

interface Chunk {
  id?: string;
  model?: string;
  object?: string;
  choices?: { delta: { role?: string; content?: string; tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[] }; finish_reason: string | null }[];
  usage?: Record<string, unknown>;
  error?: { code: string; message: string };
}

async function run(text: string, includeUsage = true, size = 7) {
  const { body, completion } = translateStream(upstream(text, size), request(includeUsage));
  if (!completion) throw new Error("an Anthropic stream is always watched for its usage");
  const out = await new Response(body).text();
  const datas = out.split("\n\n").filter((event) => event !== "").map((event) => event.replace(/^data: /, ""));
  const done = datas.at(-1) === "[DONE]";
  const chunks = (done ? datas.slice(0, -1) : datas).map((data) => JSON.parse(data) as Chunk);
  const content = chunks.map((chunk) => chunk.choices?.[0]?.delta.content ?? "").join("");
  const finish = chunks.map((chunk) => chunk.choices?.[0]?.finish_reason).find((reason) => reason);
  return { chunks, done, content, finish, completion: await completion };
}

describe("Anthropic stream translation", () => {
  it("translates the documented basic stream, usage last", async () => {
    const { chunks, done, content, finish, completion } = await run(basicStream);
    expect(done).toBe(true);
    expect(content).toBe("Hello!");
    expect(finish).toBe("stop");
    expect(chunks[0]?.choices?.[0]?.delta).toEqual({ role: "assistant", content: "" });
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", model: "claude-opus-4-1-20250805", object: "chat.completion.chunk" });
    }
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(completion).toEqual({ usage: { inputTokens: 25, outputTokens: 15, totalTokens: 40, cachedInputTokens: 0 }, upstreamFailed: false });
  });

  it("sends no usage chunk unless asked, but still reports usage", async () => {
    const { chunks, completion } = await run(basicStream, false);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(completion.usage?.totalTokens).toBe(40);
  });

  it("gives byte-identical output however the upstream bytes are split", async () => {
    const strip = (chunks: Chunk[]) => chunks.map(({ choices, usage }) => ({ choices, usage }));
    const whole = await run(toolStream, true, 1 << 20);
    expect(strip((await run(toolStream, true, 1)).chunks)).toEqual(strip(whole.chunks));
    expect(strip((await run(toolStream.replaceAll("\n", "\r\n"), true, 5)).chunks)).toEqual(strip(whole.chunks));
  });

  it("translates the documented tool use stream: the tool_use block becomes tool call 0", async () => {
    const { chunks, content, finish, completion } = await run(toolStream);
    expect(content).toBe("Okay, let's check the weather for San Francisco, CA:");
    const calls = chunks.flatMap((chunk) => chunk.choices?.[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } });
    // The empty partial_json delta sends nothing; the eight others arrive one chunk each.
    expect(calls.slice(1)).toHaveLength(8);
    expect(calls.every((call) => call.index === 0)).toBe(true);
    const args = calls.map((call) => call.function.arguments).join("");
    expect(JSON.parse(args)).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(finish).toBe("tool_calls");
    expect(completion.usage).toEqual({ inputTokens: 472, outputTokens: 89, totalTokens: 561, cachedInputTokens: 0 });
  });

  it("skips thinking and signature deltas; no usage reported means none", async () => {
    const { chunks, content, finish, completion } = await run(thinkingStream);
    expect(content).toBe("27 * 453 = 12,231");
    expect(finish).toBe("stop");
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(completion).toEqual({ usage: null, upstreamFailed: false });
  });

  it("skips server tools and takes the cumulative usage of message_delta", async () => {
    const { chunks, content, completion } = await run(serverToolStream);
    expect(content).toBe("I'll check");
    expect(chunks.some((chunk) => chunk.choices?.[0]?.delta.tool_calls)).toBe(false);
    expect(completion.usage).toEqual({ inputTokens: 10682, outputTokens: 510, totalTokens: 11192, cachedInputTokens: 0 });
  });

  it("counts cache reads and writes as input, when usage arrives only in message_delta", async () => {
    const stream = thinkingStream.replace(
      `"stop_sequence": null}}\n\nevent: message_stop`,
      `"stop_sequence": null}, "usage": {"input_tokens": 21, "cache_creation_input_tokens": 188, "cache_read_input_tokens": 1800, "output_tokens": 393}}\n\nevent: message_stop`,
    );
    const { chunks, completion } = await run(stream);
    expect(completion.usage).toEqual({ inputTokens: 2009, outputTokens: 393, totalTokens: 2402, cachedInputTokens: 1800 });
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 2009, prompt_tokens_details: { cached_tokens: 1800 } });
  });

  it("numbers tool calls alone and gives a call without input '{}'", async () => {
    const start = toolStream.slice(0, toolStream.indexOf("event: message_delta"));
    const second = String.raw`event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_stop
data: {"type":"content_block_stop","index":2}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":99}}

`;
    const { chunks } = await run(start + second);
    const calls = chunks.flatMap((chunk) => chunk.choices?.[0]?.delta.tool_calls ?? []).filter((call) => call.index === 1);
    expect(calls).toEqual([
      { index: 1, id: "toolu_02", type: "function", function: { name: "get_time", arguments: "" } },
      { index: 1, function: { arguments: "{}" } },
    ]);
  });

  it("turns a mid-stream error event into an OpenAI error event, keeping the usage so far", async () => {
    const cut = basicStream.indexOf("event: content_block_stop");
    const { chunks, done, content, completion } = await run(basicStream.slice(0, cut) + overloadedEvent + basicStream.slice(cut));
    expect(content).toBe("Hello!");
    expect(done).toBe(false);
    expect(chunks.at(-1)?.error).toMatchObject({ code: "overloaded_error", message: "The provider failed while streaming the response." });
    expect(JSON.stringify(chunks)).not.toContain("Overloaded");
    expect(completion).toEqual({ usage: { inputTokens: 25, outputTokens: 1, totalTokens: 26, cachedInputTokens: 0 }, upstreamFailed: true });
  });

  it("keeps only identifier-like error types", async () => {
    const event = 'event: error\ndata: {"type":"error","error":{"type":"bad type with spaces","message":"secret"}}\n\n';
    const { chunks } = await run(basicStream.slice(0, basicStream.indexOf("event: ping")) + event);
    expect(chunks.at(-1)?.error?.code).toBe("upstream_stream_error");
  });

  it("reports a stream cut off before its stop reason as failed", async () => {
    const { chunks, completion } = await run(basicStream.slice(0, basicStream.indexOf("event: message_delta")));
    expect(chunks.at(-1)?.error?.code).toBe("upstream_stream_truncated");
    expect(completion.upstreamFailed).toBe(true);
  });

  it("ignores unknown events and delta kinds, and fails on a known event with the wrong shape", async () => {
    const cut = basicStream.indexOf("event: content_block_stop");
    const unknown =
      'event: future_event\ndata: {"type":"future_event","x":1}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}\n\n';
    expect((await run(basicStream.slice(0, cut) + unknown + basicStream.slice(cut))).content).toBe("Hello!");
    const broken = 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta"}}\n\n';
    const { chunks, completion } = await run(basicStream.slice(0, cut) + broken + basicStream.slice(cut));
    expect(chunks.at(-1)?.error?.code).toBe("upstream_stream_malformed");
    expect(completion.upstreamFailed).toBe(true);
  });
});
