import { describe, expect, it } from "vitest";
import { anthropicStreamErrorEvent } from "./stream-error-event";
import { anthropicNativePassThrough } from "./native";
import { basicStream, overloadedEvent, textMessage } from "./test-fixtures";

const native = anthropicNativePassThrough("https://api.anthropic.com/v1/messages", { "anthropic-version": "2023-06-01" });
const encoder = new TextEncoder();

function upstream(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}

describe("Anthropic native pass-through", () => {
  it("sends the client's body with only the model replaced, and the key as x-api-key", () => {
    const request = native.request({ model: "public-name", max_tokens: 5, top_k: 3, messages: [] }, { upstreamModel: "claude-x", apiKey: "sk-ant" });
    expect(request.transport === "http" && JSON.parse(request.body ?? "{}")).toEqual({ model: "claude-x", max_tokens: 5, top_k: 3, messages: [] });
    expect(request.transport === "http" && request.headers["x-api-key"]).toBe("sk-ant");
  });

  it("returns the answer byte for byte, with its usage", () => {
    const answer = native.response(textMessage);
    expect(answer.body).toBe(textMessage);
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
  });

  it("passes a stream through unchanged and reads the usage from the chunks it kept", async () => {
    const { body, completion } = native.stream(upstream(basicStream), 0);
    expect(await new Response(body).text()).toBe(basicStream);
    const settled = await completion;
    expect(settled?.upstreamFailed).toBe(false);
    expect(settled?.usage?.outputTokens).toBeGreaterThan(0);
  });

  it("reports an in-band error event or a stream without message_stop as failed", async () => {
    const broken = basicStream.slice(0, basicStream.indexOf("event: message_stop")) + overloadedEvent;
    const failed = native.stream(upstream(broken), 0);
    await new Response(failed.body).text();
    expect((await failed.completion)?.upstreamFailed).toBe(true);
    const cut = native.stream(upstream(basicStream.slice(0, basicStream.indexOf("event: message_delta"))), 0);
    await new Response(cut.body).text();
    expect((await cut.completion)?.upstreamFailed).toBe(true);
  });

  it("ends a stream that stalls with Anthropic's error event", async () => {
    const encoder = new TextEncoder();
    const stalling = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(basicStream.slice(0, basicStream.indexOf("event: content_block_delta"))));
      },
    });
    const { body, completion } = native.stream(stalling, 50);
    const text = await new Response(body).text();
    expect(text.endsWith(anthropicStreamErrorEvent)).toBe(true);
    expect((await completion)?.upstreamFailed).toBe(true);
  });
});
