import { describe, expect, it } from "vitest";
import { workersAIChatResponse } from "./response";
import { workersAIChatStream } from "./stream";
import { workersAIFailure } from "./failure";

const encoder = new TextEncoder();
const request = (includeUsage: boolean) => ({
  model: "llama",
  messages: [{ role: "user" as const, content: "hi" }],
  stream: true,
  stream_options: { include_usage: includeUsage },
});

function upstream(pieces: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

/** The data of each OpenAI chunk event, parsed, and whether the stream ended with [DONE]. */
async function chunks(body: ReadableStream<Uint8Array>): Promise<{ events: Record<string, unknown>[]; done: boolean }> {
  const text = await new Response(body).text();
  const data = text.split("\n\n").filter((event) => event.startsWith("data: ")).map((event) => event.slice(6));
  return { events: data.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d) as Record<string, unknown>), done: data.at(-1) === "[DONE]" };
}

// The stream shape Workers AI documents for text generation with `stream: true`.
const documentedStream = [
  'data: {"response":"Hello","p":"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu"}\n\n',
  'data: {"response":" there","p":"abcdefghijk"}\n\n',
  'data: {"response":"","usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}\n\n',
  "data: [DONE]\n\n",
];

describe("Workers AI stream translation", () => {
  it("turns response deltas into OpenAI content chunks, with the usage chunk only when asked", async () => {
    const withUsage = workersAIChatStream(upstream(documentedStream), request(true));
    const read = await chunks(withUsage.body);
    const deltas = read.events.flatMap((event) => (event.choices as { delta: { content?: string }; finish_reason: string | null }[]) ?? []);
    expect(deltas.map((choice) => choice.delta.content ?? "").join("")).toBe("Hello there");
    expect(deltas.at(-1)?.finish_reason).toBe("stop");
    expect(read.events.at(-1)?.usage).toEqual({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14, prompt_tokens_details: { cached_tokens: 0 } });
    expect(read.done).toBe(true);
    expect(await withUsage.completion).toEqual({ usage: { inputTokens: 12, outputTokens: 2, totalTokens: 14, cachedInputTokens: 0 }, upstreamFailed: false });

    const withoutUsage = workersAIChatStream(upstream(documentedStream), request(false));
    const plain = await chunks(withoutUsage.body);
    expect(plain.events.some((event) => "usage" in event)).toBe(false);
    expect((await withoutUsage.completion)?.usage?.totalTokens).toBe(14);
  });

  it("gives the same chunks however the upstream bytes are cut", async () => {
    const whole = documentedStream.join("");
    const contentOf = async (pieces: string[]) =>
      (await chunks(workersAIChatStream(upstream(pieces), request(false)).body)).events
        .flatMap((event) => (event.choices as { delta: { content?: string } }[]) ?? [])
        .map((choice) => choice.delta.content ?? "")
        .join("");
    for (const size of [1, 3, 7, 50]) {
      const pieces: string[] = [];
      for (let i = 0; i < whole.length; i += size) pieces.push(whole.slice(i, i + size));
      expect(await contentOf(pieces)).toBe("Hello there");
    }
  });

  it("reports a stream cut off before [DONE] as failed, in an error event", async () => {
    const cut = workersAIChatStream(upstream(documentedStream.slice(0, 2)), request(false));
    const text = await new Response(cut.body).text();
    expect(text).toContain('"code":"upstream_stream_truncated"');
    expect((await cut.completion)?.upstreamFailed).toBe(true);
  });
});

describe("Workers AI answers and failures", () => {
  it("reads the documented answer with OpenAI-shaped tool calls", () => {
    const body = JSON.stringify({
      response: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }],
      usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
    });
    const translated = workersAIChatResponse(body, request(false));
    const completion = JSON.parse(translated.body) as { choices: { message: { content: unknown; tool_calls: unknown[] }; finish_reason: string }[] };
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.tool_calls).toEqual([{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }]);
    expect(translated.usage?.totalTokens).toBe(25);
  });

  it("classifies binding errors by their code and never keeps the message", () => {
    const body = (message: string) => JSON.stringify({ errors: [{ message }] });
    expect(workersAIFailure(500, new Headers(), body("3040: Capacity temporarily exceeded, please try again."))).toEqual({
      kind: "upstream_rate_limited",
      retryAfterSeconds: null,
    });
    expect(workersAIFailure(500, new Headers(), body("5007: No such model @cf/x or task")).kind).toBe("upstream_failed");
    expect(workersAIFailure(500, new Headers(), body("5006: Error: required properties at '/' are 'messages'"))).toMatchObject({ kind: "upstream_rejected" });
    expect(JSON.stringify(workersAIFailure(500, new Headers(), body("InferenceUpstreamError: secret-host-123")))).not.toContain("secret-host");
  });
});
