import { describe, expect, it } from "vitest";
import { translate, weatherTool } from "./test-requests";

// Fixtures are the request examples of Anthropic's API reference and guides, verbatim.
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
