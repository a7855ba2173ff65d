import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { translate, weatherTool } from "./test-requests";

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
      message: "Missing required parameter: 'max_tokens'.",
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
