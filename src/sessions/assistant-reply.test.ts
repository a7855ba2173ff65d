import { describe, expect, it } from "vitest";
import { replyFromBody, replyFromSse } from "./assistant-reply";

const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;
const chunk = (delta: object, index = 0) => frame({ object: "chat.completion.chunk", choices: [{ index, delta, finish_reason: null }] });

// As OpenAI streams a text answer: the role first, the content in pieces, a usage chunk with no choices.
const textStream =
  chunk({ role: "assistant", content: "", refusal: null }) +
  chunk({ content: "Hello" }) +
  chunk({ content: ", world" }) +
  frame({ object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) +
  frame({ object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }) +
  "data: [DONE]\n\n";

// As OpenAI streams two parallel tool calls: id and name once, the arguments in pieces, by index.
const toolStream =
  chunk({ role: "assistant", content: null }) +
  chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }) +
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }) +
  chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: "{}" } }] }) +
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }) +
  frame({ object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] }) +
  "data: [DONE]\n\n";

describe("replyFromSse", () => {
  it("joins the content pieces of choice 0", () => {
    expect(replyFromSse(textStream)).toEqual({ role: "assistant", content: "Hello, world" });
  });

  it("reads CRLF framing and pieces of other choices are ignored", () => {
    const mixed = textStream.replace("data: [DONE]", `${chunk({ content: "other" }, 1).trimEnd()}\n\ndata: [DONE]`);
    expect(replyFromSse(mixed.replaceAll("\n", "\r\n"))).toEqual({ role: "assistant", content: "Hello, world" });
  });

  it("puts tool calls together by index, with a null content", () => {
    expect(replyFromSse(toolStream)).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        { id: "call_b", type: "function", function: { name: "get_time", arguments: "{}" } },
      ],
    });
  });

  it("keeps a refusal as the content", () => {
    const refused = chunk({ role: "assistant", content: null, refusal: "" }) + chunk({ refusal: "I can't" }) + chunk({ refusal: " help." });
    expect(replyFromSse(`${refused}data: [DONE]\n\n`)).toEqual({ role: "assistant", content: "I can't help." });
  });

  it("is null for a stream that ended in an error event, or carries no choice", () => {
    const broken = chunk({ content: "Hel" }) + frame({ error: { message: "The provider failed", type: "server_error" } });
    expect(replyFromSse(broken)).toBeNull();
    expect(replyFromSse("data: [DONE]\n\n")).toBeNull();
    expect(replyFromSse(`${chunk({ content: "x" })}data: {not json\n\n`)).toBeNull();
  });
});

describe("replyFromBody", () => {
  it("keeps only the fields an assistant message may carry back", () => {
    const body = JSON.stringify({
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi", refusal: null, annotations: [] }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
    expect(replyFromBody(body)).toEqual({ role: "assistant", content: "Hi" });
  });

  it("keeps tool calls, and gives an empty content to a message with neither content nor calls", () => {
    const call = { id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } };
    const withCalls = JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] } }] });
    expect(replyFromBody(withCalls)).toEqual({ role: "assistant", content: null, tool_calls: [call] });
    const empty = JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null } }] });
    expect(replyFromBody(empty)).toEqual({ role: "assistant", content: "" });
  });

  it("is null for a body without a choice 0", () => {
    expect(replyFromBody('{"choices":[]}')).toBeNull();
    expect(replyFromBody("not json")).toBeNull();
  });
});
