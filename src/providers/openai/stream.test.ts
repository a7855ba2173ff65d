import { describe, expect, it } from "vitest";
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

  const request = (includeUsage: boolean) => ({
    model: "m",
    messages: [{ role: "user" as const, content: "x" }],
    stream: true,
    stream_options: { include_usage: includeUsage },
  });

  it("hands the client the exact bytes and reports the usage once the upstream ends", async () => {
    const parts = [chunk("a"), usageChunk, "data: [DONE]\n\n"];
    const { body, completion } = passThroughOpenAIStream(source(parts), request(true));
    expect(await new Response(body).text()).toBe(parts.join(""));
    expect(await completion).toEqual({ usage: { inputTokens: 9, outputTokens: 4, totalTokens: 13, cachedInputTokens: 2 }, upstreamFailed: false });
  });

  it("does not copy a stream that carries no usage", async () => {
    const upstream = source([chunk("a"), "data: [DONE]\n\n"]);
    const { body, completion } = passThroughOpenAIStream(upstream, request(false));
    expect(body).toBe(upstream);
    expect(completion).toBeNull();
  });

  it("reports a failed upstream without rejecting", async () => {
    const { body, completion } = passThroughOpenAIStream(source([chunk("a")], true), request(true));
    await new Response(body).text().catch(() => "");
    expect(await completion).toEqual({ usage: null, upstreamFailed: true });
  });
});
