import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { parseRequest } from "../../http/parse-request";
import { anthropicMessagesRequestSchema } from "./request-schema";
import { toOpenAIRequest } from "./to-openai-request";

/** Validates and translates, as the route will. */
function translate(body: unknown) {
  return toOpenAIRequest(parseRequest(anthropicMessagesRequestSchema, body));
}

/** The 400 a body fails with, as `{ message, param }`. */
function refusal(body: unknown): { message: string; param: string | null } {
  try {
    translate(body);
  } catch (error) {
    if (error instanceof GatewayError && error.reason.kind === "invalid_request") {
      return { message: error.reason.message, param: error.reason.param };
    }
    throw error;
  }
  throw new Error("expected a 400");
}

// Fixtures are the request examples of Anthropic's API reference and guides, verbatim.
const weatherTool = {
  name: "get_weather",
  description: "Get the current weather in a given location",
  input_schema: {
    type: "object",
    properties: {
      location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"], description: 'The unit of temperature, either "celsius" or "fahrenheit"' },
    },
    required: ["location"],
  },
};

describe("toOpenAIRequest on Anthropic's documented requests", () => {
  it("translates the basic request (string content) and keeps max_tokens", () => {
    const body = { model: "claude-sonnet-4-20250514", max_tokens: 1024, messages: [{ role: "user", content: "Hello, world" }] };
    expect(translate(body)).toEqual({
      model: "claude-sonnet-4-20250514",
      max_tokens: 1024,
      messages: [{ role: "user", content: "Hello, world" }],
    });
  });

  it("turns system text blocks into one system message, dropping cache_control", () => {
    const body = {
      model: "claude-sonnet-4-20250514",
      max_tokens: 1024,
      system: [
        { type: "text", text: "You are an AI assistant tasked with analyzing literary works." },
        { type: "text", text: "<the entire contents of Pride and Prejudice>", cache_control: { type: "ephemeral" } },
      ],
      messages: [{ role: "user", content: "Analyze the major themes in Pride and Prejudice." }],
    };
    expect(translate(body).messages).toEqual([
      {
        role: "system",
        content: "You are an AI assistant tasked with analyzing literary works.\n\n<the entire contents of Pride and Prejudice>",
      },
      { role: "user", content: "Analyze the major themes in Pride and Prejudice." },
    ]);
    expect(translate({ ...body, system: "You are a seasoned data scientist." }).messages[0]).toEqual({
      role: "system",
      content: "You are a seasoned data scientist.",
    });
  });

  it("turns base64 and URL images into image_url parts, in order", () => {
    const body = {
      model: "claude-sonnet-4-20250514",
      max_tokens: 1024,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQSkZJRg==" } },
            { type: "image", source: { type: "url", url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg" } },
            { type: "text", text: "Describe this image." },
          ],
        },
      ],
    };
    expect(translate(body).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQSkZJRg==" } },
          { type: "image_url", image_url: { url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg" } },
          { type: "text", text: "Describe this image." },
        ],
      },
    ]);
  });

  it("translates the tool-use round trip: tools, assistant tool_use, user tool_result", () => {
    const body = {
      model: "claude-opus-4-1-20250805",
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [
        { role: "user", content: "What is the weather like in San Francisco?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "<thinking>I need to use get_weather, and the user wants SF, which is likely San Francisco, CA.</thinking>" },
            { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", input: { location: "San Francisco, CA", unit: "celsius" } },
          ],
        },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01A09q90qw90lq917835lq9", content: "15 degrees" }] },
      ],
    };
    expect(translate(body)).toEqual({
      model: "claude-opus-4-1-20250805",
      max_tokens: 1024,
      tools: [{ type: "function", function: { name: "get_weather", description: weatherTool.description, parameters: weatherTool.input_schema } }],
      messages: [
        { role: "user", content: "What is the weather like in San Francisco?" },
        {
          role: "assistant",
          content: "<thinking>I need to use get_weather, and the user wants SF, which is likely San Francisco, CA.</thinking>",
          tool_calls: [
            {
              id: "toolu_01A09q90qw90lq917835lq9",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "toolu_01A09q90qw90lq917835lq9", content: "15 degrees" },
      ],
    });
  });

  it("puts tool results first, joins their text, marks errors and carries their images after", () => {
    const body = {
      model: "m",
      max_tokens: 10,
      messages: [
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_a", content: [{ type: "text", text: "line 1" }, { type: "text", text: "line 2" }] },
            { type: "tool_result", tool_use_id: "toolu_b", content: "ConnectionError: the weather service API is not available (HTTP 500)", is_error: true },
            { type: "tool_result", tool_use_id: "toolu_c", content: "Error: already says so", is_error: true },
            { type: "tool_result", tool_use_id: "toolu_d", is_error: true },
            {
              type: "tool_result",
              tool_use_id: "toolu_e",
              content: [
                { type: "text", text: "screenshot:" },
                { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
              ],
            },
            { type: "text", text: "What next?" },
          ],
        },
      ],
    };
    expect(translate(body).messages).toEqual([
      { role: "tool", tool_call_id: "toolu_a", content: "line 1\nline 2" },
      { role: "tool", tool_call_id: "toolu_b", content: "Error: ConnectionError: the weather service API is not available (HTTP 500)" },
      { role: "tool", tool_call_id: "toolu_c", content: "Error: already says so" },
      { role: "tool", tool_call_id: "toolu_d", content: "Error" },
      { role: "tool", tool_call_id: "toolu_e", content: "screenshot:" },
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "text", text: "What next?" },
        ],
      },
    ]);
  });

  it("maps tool_choice, parallel use, stop sequences, sampling, metadata and streaming; drops top_k", () => {
    const base = { model: "m", max_tokens: 5, tools: [weatherTool], messages: [{ role: "user", content: "hi" }] };
    const full = translate({
      ...base,
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      stop_sequences: ["\n\nHuman:", "END"],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: "13803d75-b4b5-4c3e-b2a2-6f21399b021b" },
      stream: true,
    });
    expect(full).toMatchObject({
      tool_choice: "required",
      parallel_tool_calls: false,
      stop: ["\n\nHuman:", "END"],
      temperature: 0.5,
      top_p: 0.9,
      user: "13803d75-b4b5-4c3e-b2a2-6f21399b021b",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(full).not.toHaveProperty("top_k");
    expect(translate({ ...base, tool_choice: { type: "auto" } }).tool_choice).toBe("auto");
    expect(translate({ ...base, tool_choice: { type: "none" } }).tool_choice).toBe("none");
    expect(translate({ ...base, tool_choice: { type: "tool", name: "get_weather" } }).tool_choice).toEqual({
      type: "function",
      function: { name: "get_weather" },
    });
    const plain = translate({ ...base, stream: false });
    expect(plain).not.toHaveProperty("stream");
    expect(plain).not.toHaveProperty("tool_choice");
    expect(plain).not.toHaveProperty("parallel_tool_calls");
  });

  it("drops thinking blocks and an assistant turn left empty by that", () => {
    const body = {
      model: "m",
      max_tokens: 5,
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: [{ type: "thinking", thinking: "hmm", signature: "sig" }, { type: "redacted_thinking", data: "xyz" }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "hmm", signature: "sig" }, { type: "text", text: "Hello" }, { type: "text", text: "again" }] },
      ],
    };
    expect(translate(body).messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: [{ type: "text", text: "Hello" }, { type: "text", text: "again" }] },
    ]);
  });

  it("maps base64 PDF, plain text and content documents", () => {
    const body = {
      model: "m",
      max_tokens: 5,
      messages: [
        {
          role: "user",
          content: [
            { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQ=" }, title: "report.pdf" },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "The grass is green." } },
            { type: "document", source: { type: "content", content: [{ type: "text", text: "The sky is blue." }] } },
          ],
        },
      ],
    };
    expect(translate(body).messages[0]).toEqual({
      role: "user",
      content: [
        { type: "file", file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQ=" } },
        { type: "text", text: "The grass is green." },
        { type: "text", text: "The sky is blue." },
      ],
    });
  });
});

describe("toOpenAIRequest refusals (400 naming the parameter)", () => {
  const base = { model: "m", max_tokens: 5, messages: [{ role: "user", content: "hi" }] };

  it("refuses server tools by name", () => {
    const body = { ...base, tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }] };
    expect(refusal(body)).toEqual({
      message: "Tool type 'web_search_20250305' is an Anthropic server tool, which this gateway does not support; only custom tools with an input_schema are.",
      param: "tools[0].type",
    });
    expect(translate({ ...base, tools: [{ ...weatherTool, type: "custom" }] }).tools).toHaveLength(1);
  });

  it("refuses URL and Files API documents and misplaced blocks", () => {
    const doc = (source: unknown) => ({ ...base, messages: [{ role: "user", content: [{ type: "document", source }] }] });
    expect(refusal(doc({ type: "url", url: "https://assets.anthropic.com/m/1cd9d098ac3e6467/original/Claude-3-Model-Card-October-Addendum.pdf" }))).toEqual({
      message: "Documents given by URL are not supported on this gateway; send the PDF as base64.",
      param: "messages[0].content[0].source",
    });
    expect(refusal(doc({ type: "file", file_id: "file_011CNha8iCJcU1wXNR6q4V8w" })).param).toBe("messages[0].content[0].source");
    const toolUseInUser = { ...base, messages: [{ role: "user", content: [{ type: "tool_use", id: "t", name: "n", input: {} }] }] };
    expect(refusal(toolUseInUser).param).toBe("messages[0].content[0].type");
    const imageInAssistant = {
      ...base,
      messages: [{ role: "assistant", content: [{ type: "image", source: { type: "url", url: "https://x/y.png" } }] }],
    };
    expect(refusal(imageInAssistant)).toEqual({ message: "A image block can only appear in a user message.", param: "messages[0].content[0].type" });
  });

  it("refuses a tool_choice that names no given tool", () => {
    expect(refusal({ ...base, tool_choice: { type: "any" } }).param).toBe("tool_choice");
    expect(refusal({ ...base, tools: [weatherTool], tool_choice: { type: "tool", name: "nope" } }).param).toBe("tool_choice.name");
  });

  it("rejects invalid requests with the offending parameter", () => {
    expect(refusal({ model: "m", messages: [{ role: "user", content: "hi" }] })).toEqual({
      message: "Invalid 'max_tokens': invalid input: expected number, received undefined",
      param: "max_tokens",
    });
    expect(refusal({ ...base, max_tokens: 0 }).param).toBe("max_tokens");
    expect(refusal({ ...base, temperature: 1.5 }).param).toBe("temperature");
    expect(refusal({ ...base, messages: [{ role: "system", content: "x" }] }).param).toBe("messages[0].role");
    expect(refusal({ ...base, messages: [{ role: "user", content: [{ type: "audio" }] }] })).toEqual({
      message:
        "Invalid 'messages[0].content[0].type': unsupported content block type; expected 'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking' or 'redacted_thinking'.",
      param: "messages[0].content[0].type",
    });
    const fileImage = { ...base, messages: [{ role: "user", content: [{ type: "image", source: { type: "file", file_id: "f" } }] }] };
    expect(refusal(fileImage).param).toBe("messages[0].content[0].source.type");
    const badMedia = { ...base, messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/bmp", data: "" } }] }] };
    expect(refusal(badMedia).param).toBe("messages[0].content[0].source.media_type");
    expect(refusal({ ...base, tool_choice: { type: "tool" } }).param).toBe("tool_choice.name");
    expect(refusal({ ...base, messages: [] }).param).toBe("messages");
  });
});
