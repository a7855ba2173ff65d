import { describe, expect, it } from "vitest";
import { streamErrorEvent } from "../shared/openai-output";
import { passThroughOpenAIStream, usageFromSseText } from "./stream";

const chunk = (content: string) => `data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"}}],"usage":null}\n\n`;
const usageChunk = 'data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":2}}}\n\n';

describe("usageFromSseText", () => {
  it("finds the usage chunk before [DONE], with LF or CRLF framing", () => {
    const text = chunk("a") + chunk("b") + usageChunk + "data: [DONE]\n\n";
    const expected = { inputTokens: 9, outputTokens: 4, totalTokens: 13, cachedInputTokens: 2 };
    expect(usageFromSseText(text)).toEqual(expected);
    expect(usageFromSseText(text.replaceAll("\n", "\r\n"))).toEqual(expected);
  });

  it("is null when the client did not ask for usage (every chunk has usage: null)", () => {
    expect(usageFromSseText(chunk("a") + chunk("b") + "data: [DONE]\n\n")).toBeNull();
    expect(usageFromSseText("")).toBeNull();
  });
});

describe("passThroughOpenAIStream", () => {
  const encoder = new TextEncoder();
  const source = (parts: string[], fail = false) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(encoder.encode(part));
        if (fail) controller.error(new Error("upstream broke"));
        else controller.close();
      },
    });

  const pumped = { idleTimeoutMs: 60_000 };
  const request = (includeUsage: boolean) => ({
    model: "m",
    messages: [{ role: "user" as const, content: "x" }],
    stream: true,
    stream_options: { include_usage: includeUsage },
  });

  it("hands the client the exact bytes and reports the usage once the upstream ends", async () => {
    const parts = [chunk("a"), usageChunk, "data: [DONE]\n\n"];
    const { body, completion } = passThroughOpenAIStream(source(parts), request(true), pumped);
    expect(await new Response(body).text()).toBe(parts.join(""));
    expect(await completion).toEqual({ usage: { inputTokens: 9, outputTokens: 4, totalTokens: 13, cachedInputTokens: 2 }, upstreamFailed: false });
  });

  it("reports no usage for a stream that carries none", async () => {
    const { body, completion } = passThroughOpenAIStream(source([chunk("a"), "data: [DONE]\n\n"]), request(false), pumped);
    expect(await new Response(body).text()).toBe(chunk("a") + "data: [DONE]\n\n");
    expect(await completion).toEqual({ usage: null, upstreamFailed: false });
  });

  it("finds the usage in a long stream from its last bytes only", async () => {
    const parts = [...Array.from({ length: 2000 }, (_, i) => chunk(`word${i} `)), usageChunk, "data: [DONE]\n\n"];
    const { body, completion } = passThroughOpenAIStream(source(parts), request(true), pumped);
    expect(await new Response(body).text()).toBe(parts.join(""));
    expect((await completion)?.usage?.outputTokens).toBe(4);
  });

  it("ends a broken upstream with an OpenAI error event, and reports it without rejecting", async () => {
    let pulls = 0;
    const breaking = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(encoder.encode(chunk("a")));
        else controller.error(new Error("connection reset"));
      },
    });
    const { body, completion } = passThroughOpenAIStream(breaking, request(true), pumped);
    const text = await new Response(body).text();
    expect(text).toBe(chunk("a") + streamErrorEvent("upstream_stream_truncated"));
    expect(await completion).toEqual({ usage: null, upstreamFailed: true });
  });

  it("ends a stream that stalls with an error event after the idle limit, and cancels the upstream", async () => {
    let cancelled = false;
    const stalling = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(chunk("a")));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { body, completion } = passThroughOpenAIStream(stalling, request(true), { idleTimeoutMs: 50 });
    expect(await new Response(body).text()).toBe(chunk("a") + streamErrorEvent("upstream_stream_truncated"));
    expect(await completion).toEqual({ usage: null, upstreamFailed: true });
    expect(cancelled).toBe(true);
  });

  it("cancels the upstream when the client hangs up, and says the upstream did not fail", async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(chunk("more")));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { body, completion } = passThroughOpenAIStream(endless, request(true), pumped);
    const reader = body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await completion).toEqual({ usage: null, upstreamFailed: false });
    expect(cancelled).toBe(true);
  });

  it("with no idle limit, pipes the stream natively and reads the usage from a copy", async () => {
    const parts = [chunk("a"), usageChunk, "data: [DONE]\n\n"];
    const { body, completion } = passThroughOpenAIStream(source(parts), request(true), { idleTimeoutMs: 0 });
    expect(await new Response(body).text()).toBe(parts.join(""));
    expect((await completion).usage?.outputTokens).toBe(4);
  });
});
