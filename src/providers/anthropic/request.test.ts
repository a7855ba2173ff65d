import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { type ChatCompletionRequest, chatCompletionRequestSchema } from "../../schemas/openai/chat";
import { translateRequest } from "./request";

/** Requests go through the gateway's schema first, as in production. */
function translate(body: Record<string, unknown>, defaultMaxTokens = 4096) {
  const request: ChatCompletionRequest = chatCompletionRequestSchema.parse({ model: "public-model", ...body });
  return translateRequest(request, "claude-opus-4-1-20250805", defaultMaxTokens);
}

function rejection(body: Record<string, unknown>) {
  try {
    translate(body);
  } catch (error) {
    if (error instanceof GatewayError) return error.reason;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather in a given location",
    parameters: {
      type: "object",
      properties: { location: { type: "string", description: "The city and state, e.g. San Francisco, CA" } },
      required: ["location"],
    },
  },
};

describe("Anthropic request translation", () => {
  it("gives the body of Anthropic's documented streaming tool use request", () => {
    const body = translate({
      max_tokens: 1024,
      tools: [weatherTool],
      tool_choice: "required",
      messages: [{ role: "user", content: "What is the weather like in San Francisco?" }],
      stream: true,
    });
    // Literal from the "Streaming request with tool use" example of Anthropic's streaming guide.
    expect(body).toEqual(
      JSON.parse(String.raw`{
        "model": "claude-opus-4-1-20250805",
        "max_tokens": 1024,
        "tools": [
          {
            "name": "get_weather",
            "description": "Get the current weather in a given location",
            "input_schema": {
              "type": "object",
              "properties": {
                "location": {
                  "type": "string",
                  "description": "The city and state, e.g. San Francisco, CA"
                }
              },
              "required": ["location"]
            }
          }
        ],
        "tool_choice": {"type": "any"},
        "messages": [
          {
            "role": "user",
            "content": "What is the weather like in San Francisco?"
          }
        ],
        "stream": true
      }`),
    );
  });

  it("moves system and developer messages to `system` and defaults max_tokens", () => {
    const body = translate(
      {
        messages: [
          { role: "system", content: "You are terse." },
          { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
          { role: "user", content: "Hello" },
        ],
      },
      512,
    );
    expect(body).toEqual({ model: "claude-opus-4-1-20250805", max_tokens: 512, system: "You are terse.\n\nAnswer in French.", messages: [{ role: "user", content: "Hello" }] });
  });

  it("maps sampling options, preferring max_completion_tokens and clamping temperature to 1", () => {
    const body = translate({
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 1.7,
      top_p: 0.9,
      stop: "END",
      user: "user-1234",
      seed: 7,
      presence_penalty: 1,
    });
    expect(body).toEqual({
      model: "claude-opus-4-1-20250805",
      max_tokens: 200,
      messages: [{ role: "user", content: "Hi" }],
      stop_sequences: ["END"],
      temperature: 1,
      top_p: 0.9,
      metadata: { user_id: "user-1234" },
    });
    expect(translate({ messages: [{ role: "user", content: "Hi" }], temperature: 0.3, stop: ["a", "b"] })).toMatchObject({ temperature: 0.3, stop_sequences: ["a", "b"] });
  });

  it("translates images given as data URLs and as http(s) URLs", () => {
    const body = translate({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these images?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg" } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these images?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg" } },
        ],
      },
    ]);
    const pdf = translate({ messages: [{ role: "user", content: [{ type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0=" } }] }] });
    expect(pdf.messages[0]?.content).toEqual([{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }]);
  });

  it("turns tool calls into tool_use and merges tool results into one user turn", () => {
    const body = translate({
      messages: [
        { role: "user", content: "Weather in Paris and London?" },
        {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "toolu_01", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } },
            { id: "toolu_02", type: "function", function: { name: "get_weather", arguments: '{"location":"London"}' } },
          ],
        },
        { role: "tool", tool_call_id: "toolu_01", content: "18C" },
        { role: "tool", tool_call_id: "toolu_02", content: [{ type: "text", text: "12C" }] },
        { role: "user", content: "Thanks!" },
        { role: "user", content: "Which is warmer?" },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: "Weather in Paris and London?" },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "toolu_01", name: "get_weather", input: { location: "Paris" } },
          { type: "tool_use", id: "toolu_02", name: "get_weather", input: { location: "London" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01", content: "18C" },
          { type: "tool_result", tool_use_id: "toolu_02", content: "12C" },
          { type: "text", text: "Thanks!" },
          { type: "text", text: "Which is warmer?" },
        ],
      },
    ]);
  });

  it("maps tool_choice and parallel_tool_calls, and gives parameterless tools an empty object schema", () => {
    const tools = [{ type: "function", function: { name: "now" } }];
    const messages = [{ role: "user", content: "Time?" }];
    expect(translate({ messages, tools }).tools).toEqual([{ name: "now", input_schema: { type: "object", properties: {} } }]);
    expect(translate({ messages, tools }).tool_choice).toBeUndefined();
    expect(translate({ messages, tools, tool_choice: "auto" }).tool_choice).toBeUndefined();
    expect(translate({ messages, tools, tool_choice: "none" }).tool_choice).toEqual({ type: "none" });
    expect(translate({ messages, tools, parallel_tool_calls: false }).tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(translate({ messages, tools, tool_choice: "required", parallel_tool_calls: false }).tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(translate({ messages, tools, tool_choice: { type: "function", function: { name: "now" } } }).tool_choice).toEqual({ type: "tool", name: "now" });
    expect(translate({ messages, tool_choice: "required" }).tool_choice).toBeUndefined();
  });

  it("refuses what Anthropic cannot do with a 400 naming the parameter", () => {
    const messages = [{ role: "user", content: "Hi" }];
    const badArgs = [
      { role: "user", content: "Hi" },
      { role: "assistant", tool_calls: [{ id: "toolu_01", type: "function", function: { name: "f", arguments: "{not json" } }] },
    ];
    expect(rejection({ messages: badArgs })).toMatchObject({ kind: "invalid_request", param: "messages[1].tool_calls[0].function.arguments" });
    expect(rejection({ messages, n: 2 })).toMatchObject({ kind: "invalid_request", param: "n" });
    expect(rejection({ messages, response_format: { type: "json_object" } })).toMatchObject({ kind: "invalid_request", param: "response_format" });
    expect(rejection({ messages, tools: [{ type: "custom", custom: { name: "c" } }] })).toMatchObject({ param: "tools[0].type" });
    const ftp = [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://host/cat.png" } }] }];
    expect(rejection({ messages: ftp })).toMatchObject({ param: "messages[0].content[0].image_url.url" });
    const audio = [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }];
    expect(rejection({ messages: audio })).toMatchObject({ param: "messages[0].content[0]" });
    expect(rejection({ messages: [{ role: "function", name: "f", content: "x" }] })).toMatchObject({ param: "messages[0].role" });
  });

  it("accepts empty tool call arguments as an empty input", () => {
    const body = translate({
      messages: [
        { role: "user", content: "Time?" },
        { role: "assistant", content: null, tool_calls: [{ id: "toolu_01", type: "function", function: { name: "now", arguments: "" } }] },
      ],
    });
    expect(body.messages[1]).toEqual({ role: "assistant", content: [{ type: "tool_use", id: "toolu_01", name: "now", input: {} }] });
  });
});
