import { describe, expect, it } from "vitest";
import { createStreamRedaction } from "./sse-redaction";
import { createToolCallGuard } from "./tool-call-stream";
import { declaredToolNames, findDisallowedToolCalls, toolCallBlockedError, toolCallBlockedEvent, toolCallVerdict } from "./tool-calls";
import { chunk, contentChoice, eventData, runThrough, sseText } from "./stream-test-support";

const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "a", type: "function", function: { name: "get_weather", arguments: "{}" } },
          { id: "b", type: "function", function: { name: "delete_account", arguments: "{}" } },
        ],
      },
      finish_reason: "tool_calls",
    },
    { index: 1, message: { role: "assistant", content: null, function_call: { name: "wire_money", arguments: "{}" } }, finish_reason: "function_call" },
  ],
};

function toolCallChunk(name: string, toolIndex = 0) {
  return chunk([{ index: 0, delta: { tool_calls: [{ index: toolIndex, id: `call_${name}`, type: "function", function: { name, arguments: "" } }] }, logprobs: null, finish_reason: null }]);
}

function argumentsChunk(fragment: string) {
  return chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, logprobs: null, finish_reason: null }]);
}

describe("findDisallowedToolCalls", () => {
  it("finds calls to tools not allowed in a whole answer, by choice, including the deprecated function_call", () => {
    expect(findDisallowedToolCalls(completion, ["get_weather"])).toEqual([
      { choiceIndex: 0, toolName: "delete_account" },
      { choiceIndex: 1, toolName: "wire_money" },
    ]);
    expect(findDisallowedToolCalls(completion, ["get_weather", "delete_account", "wire_money"])).toEqual([]);
  });

  it("finds the name in a stream chunk, and nothing in argument fragments or text", () => {
    expect(findDisallowedToolCalls(toolCallChunk("rm_rf"), ["ls"])).toEqual([{ choiceIndex: 0, toolName: "rm_rf" }]);
    expect(findDisallowedToolCalls(argumentsChunk('{"x":1}'), [])).toEqual([]);
    expect(findDisallowedToolCalls(chunk([contentChoice(0, "hi")]), [])).toEqual([]);
  });

  it("ignores what is not a completion", () => {
    expect(findDisallowedToolCalls(null, [])).toEqual([]);
    expect(findDisallowedToolCalls({ choices: [1, { message: { tool_calls: [null, { function: { name: 7 } }] } }] }, [])).toEqual([]);
  });

  it("reads the allowed names from a request's tools and functions", () => {
    const request = { tools: [{ type: "function", function: { name: "a" } }, { type: "web_search" }], functions: [{ name: "b" }] };
    expect(declaredToolNames(request)).toEqual(["a", "b"]);
    expect(declaredToolNames("x")).toEqual([]);
  });
});

describe("tool-call verdicts and errors", () => {
  const findings = [{ choiceIndex: 0, toolName: "rm_rf" }, { choiceIndex: 1, toolName: "rm_rf" }];

  it("allows, flags or blocks, naming each tool once", () => {
    expect(toolCallVerdict([], "block")).toEqual({ guardrail: "output.tool_calls", verdict: "allowed", detail: null });
    expect(toolCallVerdict(findings, "flag")).toEqual({ guardrail: "output.tool_calls", verdict: "flagged", detail: "tools not allowed: rm_rf" });
    expect(toolCallVerdict(findings, "block").verdict).toBe("blocked");
  });

  it("writes the OpenAI-style error, as a body and as an SSE event", () => {
    const error = toolCallBlockedError(findings);
    expect(error).toEqual({ error: { message: "The response was blocked: it called tools not allowed: rm_rf.", type: "guardrail_error", param: null, code: "tool_call_blocked" } });
    expect(toolCallBlockedEvent(findings)).toBe(`data: ${JSON.stringify(error)}\n\n`);
  });
});

describe("createToolCallGuard", () => {
  const stream = sseText([chunk([contentChoice(0, "ok")]), toolCallChunk("rm_rf"), argumentsChunk("{}"), "data: [DONE]\n\n"]);

  it("under block, replaces the first offending chunk with the error event and ends the stream there", async () => {
    const guard = createToolCallGuard({ allowedTools: ["ls"], action: "block" });
    const data = eventData(await runThrough(guard.stream, stream));
    expect(data).toEqual([JSON.stringify(chunk([contentChoice(0, "ok")])), JSON.stringify(toolCallBlockedError([{ choiceIndex: 0, toolName: "rm_rf" }]))]);
    expect(await guard.verdict).toEqual({ guardrail: "output.tool_calls", verdict: "blocked", detail: "tools not allowed: rm_rf" });
  });

  it("under flag, passes the stream through unchanged and reports the finding", async () => {
    const guard = createToolCallGuard({ allowedTools: ["ls"], action: "flag" });
    expect(await runThrough(guard.stream, stream)).toBe(stream);
    expect((await guard.verdict).verdict).toBe("flagged");
  });

  it("composes with the stream redaction: the redaction keeps the call's name, the guard still blocks", async () => {
    const guard = createToolCallGuard({ allowedTools: ["ls"], action: "block" });
    const redaction = createStreamRedaction({ windowChars: 16 });
    const input = sseText([chunk([contentChoice(0, "mail a@b.co and more text here")]), toolCallChunk("rm_rf"), argumentsChunk("{}")]);
    const source = new Response(input).body ?? new ReadableStream<Uint8Array>();
    const data = eventData(await new Response(source.pipeThrough(redaction.stream).pipeThrough(guard.stream)).text());
    expect(data.at(-1)).toBe(JSON.stringify(toolCallBlockedError([{ choiceIndex: 0, toolName: "rm_rf" }])));
    expect((await guard.verdict).verdict).toBe("blocked");
  });

  it("allows a stream that calls only allowed tools", async () => {
    const guard = createToolCallGuard({ allowedTools: ["rm_rf"], action: "block" });
    expect(await runThrough(guard.stream, stream)).toBe(stream);
    expect((await guard.verdict).verdict).toBe("allowed");
  });
});
