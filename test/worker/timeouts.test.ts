import { describe, expect, it } from "vitest";
import { anthropicStreamErrorEvent } from "../../src/providers/anthropic/stream-error-event";
import { mintKey, openaiClient, postJson, readError } from "./helpers";

// Targets `slow-ap` (first byte 300 ms, total 1.2 s), `claude-slow` (total 1.2 s), and `mini-idle` and
// `claude-idle` (idle 300 ms) in the test config.
const chat = (model: string, content: string, stream = false) => ({ model, stream, messages: [{ role: "user" as const, content }] });

describe("per-target time limits", () => {
  it("cuts off a target that sends no headers within its own first-byte limit", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("slow", "late [[sim delay_ms=900]]"));
    expect(response.status).toBe(504);
    expect((await readError(response)).error.message).toBe("The model provider did not answer in time.");
  });

  it("answers 504 when a plain answer's body stalls after the headers, instead of hanging", async () => {
    const started = Date.now();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("slow", "stall [[sim stall_after=1]]"));
    expect(response.status).toBe(504);
    expect((await readError(response)).error).toMatchObject({ code: "upstream_timeout", message: "The model provider did not finish its answer in time." });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("ends a passed-through stream cut off at the total limit with an error event the SDK raises", async () => {
    const started = Date.now();
    const client = openaiClient(await mintKey());
    const stream = await client.chat.completions.create({ ...chat("slow", "stall [[sim stall_after=2 chunks=6]]"), stream: true });
    const read = (async () => {
      for await (const chunk of stream) void chunk;
    })();
    await expect(read).rejects.toThrow(/failed while streaming/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("ends a passed-through stream that goes quiet for longer than the target's idle limit, long before the total one", async () => {
    const started = Date.now();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("mini-idle", "quiet [[sim stall_after=2 chunks=6]]", true));
    const text = await response.text();
    expect(text.match(/^data: \{"id"/gm)).toHaveLength(2);
    expect(text.endsWith('"code":"upstream_stream_truncated"}}\n\n')).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("ends an Anthropic stream passed through natively that goes quiet with Anthropic's error event", async () => {
    const started = Date.now();
    const response = await postJson("/v1/messages", await mintKey(), {
      model: "claude-idle",
      max_tokens: 50,
      stream: true,
      messages: [{ role: "user", content: "quiet [[sim stall_after=2 chunks=6]]" }],
    });
    const text = await response.text();
    expect(text.endsWith(anthropicStreamErrorEvent)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("ends a translated stream that stalls mid-way with an error event the SDK raises", async () => {
    const client = openaiClient(await mintKey());
    const stream = await client.chat.completions.create({ ...chat("claude-slow", "stall [[sim stall_after=2 chunks=6]]"), stream: true });
    const read = (async () => {
      for await (const chunk of stream) void chunk;
    })();
    await expect(read).rejects.toThrow(/failed while streaming/);
  });

  it("ends a translated stream that goes quiet for longer than the target's idle limit, long before the total one", async () => {
    const started = Date.now();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("claude-idle", "quiet [[sim stall_after=2 chunks=6]]", true));
    const text = await response.text();
    expect(text).toContain('"code":"upstream_stream_truncated"');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("applies the idle limit to Anthropic-format streams translated from an OpenAI upstream", async () => {
    const started = Date.now();
    const response = await postJson("/v1/messages", await mintKey(), {
      model: "mini-idle",
      max_tokens: 50,
      stream: true,
      messages: [{ role: "user", content: "quiet [[sim stall_after=2 chunks=6]]" }],
    });
    const text = await response.text();
    expect(text).toContain("event: error");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
