import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { fromOpenAIResponse } from "./from-openai-response";

// Upstream bodies are the examples of OpenAI's API reference, verbatim.
const textCompletion = JSON.stringify({
  id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  object: "chat.completion",
  created: 1741570283,
  model: "gpt-4o-2024-08-06",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "The image shows a wooden boardwalk path running through a lush green field or meadow.",
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: "default",
  system_fingerprint: "fp_fc9f1d7035",
});

const toolCompletion = JSON.stringify({
  id: "chatcmpl-abc123",
  object: "chat.completion",
  created: 1699896916,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_abc123", type: "function", function: { name: "get_current_weather", arguments: '{\n"location": "Boston, MA"\n}' } },
          { id: "call_def456", type: "function", function: { name: "broken", arguments: '{"location": "Bos' } },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    },
  ],
  usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99 },
});

function withChoice(message: Record<string, unknown>, finishReason: string): string {
  return JSON.stringify({ id: "chatcmpl-x", model: "m", choices: [{ index: 0, message, finish_reason: finishReason }] });
}

describe("fromOpenAIResponse", () => {
  it("translates a text answer, keeping cache reads apart from input_tokens", () => {
    expect(fromOpenAIResponse(textCompletion, "gpt-4o")).toBe(
      JSON.stringify({
        id: "msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        type: "message",
        role: "assistant",
        model: "gpt-4o-2024-08-06",
        content: [{ type: "text", text: "The image shows a wooden boardwalk path running through a lush green field or meadow." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 93, output_tokens: 46, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 },
      }),
    );
  });

  it("translates tool calls into tool_use blocks, with {} for arguments that are not valid JSON", () => {
    expect(JSON.parse(fromOpenAIResponse(toolCompletion, "gpt-4o-mini"))).toEqual({
      id: "msg_abc123",
      type: "message",
      role: "assistant",
      model: "gpt-4o-mini",
      content: [
        { type: "tool_use", id: "call_abc123", name: "get_current_weather", input: { location: "Boston, MA" } },
        { type: "tool_use", id: "call_def456", name: "broken", input: {} },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 82, output_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it("maps each finish reason", () => {
    const stopReason = (message: Record<string, unknown>, finish: string) =>
      (JSON.parse(fromOpenAIResponse(withChoice(message, finish), "m")) as { stop_reason: string }).stop_reason;
    expect(stopReason({ content: "a" }, "stop")).toBe("end_turn");
    expect(stopReason({ content: "a" }, "length")).toBe("max_tokens");
    expect(stopReason({ content: null }, "content_filter")).toBe("refusal");
    // Some OpenAI-compatible servers finish tool calls with "stop".
    const call = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };
    expect(stopReason({ content: "", tool_calls: [call] }, "stop")).toBe("tool_use");
  });

  it("returns text and tool calls in that order, a refusal as text, and no block for empty content", () => {
    const call = { id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } };
    const both = JSON.parse(fromOpenAIResponse(withChoice({ content: "Let me check.", tool_calls: [call] }, "tool_calls"), "m")) as {
      content: unknown[];
    };
    expect(both.content).toEqual([
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "c1", name: "f", input: { a: 1 } },
    ]);
    const refused = JSON.parse(fromOpenAIResponse(withChoice({ content: null, refusal: "I can't help with that." }, "stop"), "m")) as {
      content: unknown[];
    };
    expect(refused.content).toEqual([{ type: "text", text: "I can't help with that." }]);
    const empty = JSON.parse(fromOpenAIResponse(withChoice({ content: "" }, "stop"), "m")) as { content: unknown[]; usage: unknown };
    expect(empty.content).toEqual([]);
    expect(empty.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it("falls back to the request's model and a fresh id", () => {
    const parsed = JSON.parse(fromOpenAIResponse(JSON.stringify({ choices: [{ message: { content: "hi" } }] }), "asked-model")) as {
      id: string;
      model: string;
    };
    expect(parsed.model).toBe("asked-model");
    expect(parsed.id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it("throws an upstream failure for a body that is not a chat completion", () => {
    expect(() => fromOpenAIResponse("not json", "m")).toThrow(GatewayError);
    expect(() => fromOpenAIResponse('{"object":"list"}', "m")).toThrow(GatewayError);
  });
});
