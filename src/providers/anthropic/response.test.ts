import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { translateResponse } from "./response";
import { textMessage, toolUseMessage } from "./test-fixtures";

function completion(upstreamBody: string) {
  const { body, usage } = translateResponse(upstreamBody);
  return { completion: JSON.parse(body) as Record<string, unknown>, usage };
}

describe("Anthropic response translation", () => {
  it("translates the API reference's example message", () => {
    const { completion: translated, usage } = completion(textMessage);
    expect(translated).toMatchObject({
      id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
      object: "chat.completion",
      model: "claude-sonnet-4-20250514",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi! My name is Claude.", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 2095, completion_tokens: 503, total_tokens: 2598, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(typeof translated.created).toBe("number");
    expect(usage).toEqual({ inputTokens: 2095, outputTokens: 503, totalTokens: 2598, cachedInputTokens: 0 });
  });

  it("translates the tool use guide's example: tool_use blocks become tool_calls", () => {
    const { completion: translated, usage } = completion(toolUseMessage);
    expect(translated.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: "I'll check the current weather in San Francisco for you.",
          refusal: null,
          tool_calls: [{ id: "toolu_01A09q90qw90lq917835lq9", type: "function", function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } }],
        },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ]);
    expect(translated.usage).toBeUndefined();
    expect(usage).toBeNull();
  });

  it("gives null content when the answer is only tool calls, and skips thinking blocks", () => {
    const body = JSON.stringify({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-opus-4-1-20250805",
      content: [
        { type: "thinking", thinking: "The user wants the time.", signature: "EqQB..." },
        { type: "tool_use", id: "toolu_1", name: "now", input: {} },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    });
    const message = (completion(body).completion.choices as { message: Record<string, unknown> }[])[0]?.message;
    expect(message).toMatchObject({ content: null, tool_calls: [{ id: "toolu_1", function: { name: "now", arguments: "{}" } }] });
  });

  it("counts cache reads and writes as input tokens", () => {
    const body = textMessage.replace(
      `"usage": { "input_tokens": 2095, "output_tokens": 503 }`,
      `"usage": { "cache_creation_input_tokens": 248, "cache_read_input_tokens": 1800, "input_tokens": 21, "output_tokens": 393 }`,
    );
    const { completion: translated, usage } = completion(body);
    expect(usage).toEqual({ inputTokens: 2069, outputTokens: 393, totalTokens: 2462, cachedInputTokens: 1800 });
    expect(translated.usage).toEqual({ prompt_tokens: 2069, completion_tokens: 393, total_tokens: 2462, prompt_tokens_details: { cached_tokens: 1800 } });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["some_future_reason", "stop"],
  ])("maps stop_reason %s to finish_reason %s", (stopReason, finishReason) => {
    const body = textMessage.replace(`"stop_reason": "end_turn"`, `"stop_reason": "${stopReason}"`);
    expect(completion(body).completion.choices).toMatchObject([{ finish_reason: finishReason }]);
  });

  it("treats a 200 that is not a message as the provider's failure", () => {
    for (const body of ["<html>oops</html>", "{}", '{"id":"m","model":"c","content":[{"type":"text"}]}']) {
      expect(() => translateResponse(body)).toThrow(GatewayError);
      try {
        translateResponse(body);
      } catch (error) {
        expect(error instanceof GatewayError && error.reason.kind).toBe("upstream_failed");
      }
    }
  });
});
