import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRequest } from "../../http/parse-request";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { anthropicMessagesRequestSchema } from "./request-schema";
import { toOpenAIRequest } from "./to-openai-request";

type Block = Record<string, unknown>;
interface Turn {
  role: "user" | "assistant";
  content: Block[];
}

const text = fc.string({ maxLength: 12 });
const textBlock = text.map((value): Block => ({ type: "text", text: value }));
const image = fc.oneof(
  fc
    .record({ media_type: fc.constantFrom("image/jpeg", "image/png", "image/gif", "image/webp"), data: fc.base64String({ maxLength: 16 }) })
    .map((source): Block => ({ type: "image", source: { type: "base64", ...source } })),
  fc.webUrl().map((url): Block => ({ type: "image", source: { type: "url", url } })),
);
const userParts = fc.oneof(text, fc.array(fc.oneof(textBlock, image), { minLength: 1, maxLength: 4 }));
const toolResultContent = fc.oneof(text, fc.array(textBlock, { maxLength: 3 }));
const toolUse = fc.record({
  name: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/),
  input: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
});
const assistantTurn = fc
  .record({ thinking: fc.boolean(), texts: fc.array(text, { maxLength: 2 }), tools: fc.array(toolUse, { maxLength: 3 }) })
  .filter((turn) => turn.texts.length + turn.tools.length > 0);
const userTurn = fc.record({ parts: userParts, withParts: fc.boolean(), results: fc.array(toolResultContent, { maxLength: 3 }) });

/** A valid Anthropic conversation: user and assistant turns alternate, tool results answer the previous turn's tool uses. */
const request = fc
  .record({
    system: fc.option(fc.oneof(text, fc.array(textBlock, { maxLength: 2 })), { nil: undefined }),
    turns: fc.array(fc.tuple(assistantTurn, userTurn), { maxLength: 4 }),
    first: userParts,
  })
  .map(({ system, turns, first }) => {
    let nextId = 0;
    const messages: Array<{ role: string; content: unknown }> = [{ role: "user", content: first }];
    const tools: Block[] = [];
    for (const [assistant, user] of turns) {
      const ids = assistant.tools.map(() => `toolu_${nextId++}`);
      messages.push({
        role: "assistant",
        content: [
          ...(assistant.thinking ? [{ type: "thinking", thinking: "…", signature: "sig" }] : []),
          ...assistant.texts.map((value) => ({ type: "text", text: value })),
          ...assistant.tools.map((call, index) => ({ type: "tool_use", id: ids[index], name: call.name, input: call.input })),
        ],
      });
      for (const call of assistant.tools) tools.push({ name: call.name, input_schema: { type: "object" } });
      const results = ids.map((id, index) => ({ type: "tool_result", tool_use_id: id, content: user.results[index] ?? "" }));
      const parts = typeof user.parts === "string" ? [{ type: "text", text: user.parts }] : user.parts;
      const withParts = user.withParts || results.length === 0;
      messages.push({ role: "user", content: results.length === 0 ? user.parts : [...results, ...(withParts ? parts : [])] });
    }
    return { model: "m", max_tokens: 16, messages, ...(system === undefined ? {} : { system }), ...(tools.length > 0 ? { tools } : {}) };
  });

const asBlocks = (content: unknown): Block[] => (typeof content === "string" ? [{ type: "text", text: content }] : (content as Block[]));
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** What the translation must preserve: turns, text in order, images, tool ids, names and inputs. */
function expected(body: { system?: unknown; messages: Array<{ role: string; content: unknown }> }) {
  const system = body.system === undefined ? "" : asBlocks(body.system).map((block) => block.text).join("\n\n");
  const turns: Turn[] = body.messages
    .map((message): Turn => ({
      role: message.role === "user" ? "user" : "assistant",
      content: asBlocks(message.content)
        .filter((block) => block.type !== "thinking")
        .map((block) => {
          if (block.type === "tool_use") return { ...block, input: json(block.input) };
          if (block.type !== "tool_result") return block;
          return { type: "tool_result", tool_use_id: block.tool_use_id, content: asBlocks(block.content).map((inner) => inner.text).join("\n") };
        }),
    }));
  return { system, turns };
}

/** The inverse translation, written for this test: OpenAI messages back into Anthropic turns. */
function backToAnthropic(openAI: ChatCompletionRequest) {
  let system = "";
  const turns: Turn[] = [];
  let toolTurnOpen = false;
  const parts = (content: unknown): Block[] =>
    asBlocks(content).map((part) => {
      if (part.type === "text") return { type: "text", text: part.text };
      const url = (part.image_url as { url: string }).url;
      const data = /^data:([^;]+);base64,(.*)$/.exec(url);
      const source = data ? { type: "base64", media_type: data[1], data: data[2] } : { type: "url", url };
      return { type: "image", source };
    });
  for (const message of openAI.messages) {
    const last = turns[turns.length - 1];
    switch (message.role) {
      case "system":
      case "developer":
        system = typeof message.content === "string" ? message.content : "";
        break;
      case "tool": {
        const result = { type: "tool_result", tool_use_id: message.tool_call_id, content: message.content };
        if (toolTurnOpen && last) last.content.push(result);
        else turns.push({ role: "user", content: [result] });
        toolTurnOpen = true;
        break;
      }
      case "user":
        if (toolTurnOpen && last) last.content.push(...parts(message.content));
        else turns.push({ role: "user", content: parts(message.content) });
        toolTurnOpen = false;
        break;
      case "assistant": {
        const calls = (message.tool_calls ?? []).map((call) => ({
          type: "tool_use",
          id: call.id,
          name: call.function.name,
          input: JSON.parse(call.function.arguments) as unknown,
        }));
        turns.push({ role: "assistant", content: [...(message.content == null ? [] : parts(message.content)), ...calls] });
        toolTurnOpen = false;
        break;
      }
      case "function":
        throw new Error("never produced");
    }
  }
  return { system, turns };
}

describe("toOpenAIRequest properties", () => {
  it("round-trips turns, text order, images and tool calls through the inverse translation", () => {
    fc.assert(
      fc.property(request, (body) => {
        const openAI = toOpenAIRequest(parseRequest(anthropicMessagesRequestSchema, body));
        expect(backToAnthropic(openAI)).toEqual(expected(body));
      }),
      { numRuns: 300 },
    );
  });

  it("gives every tool_use exactly one tool call, and every tool_result one tool message, with its id", () => {
    fc.assert(
      fc.property(request, (body) => {
        const openAI = toOpenAIRequest(parseRequest(anthropicMessagesRequestSchema, body));
        const blocks = body.messages.flatMap((message) => asBlocks(message.content));
        const uses = blocks.filter((block) => block.type === "tool_use").map((block) => block.id);
        const results = blocks.filter((block) => block.type === "tool_result").map((block) => block.tool_use_id);
        const calls = openAI.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []).map((call) => call.id) : []));
        const toolMessages = openAI.messages.flatMap((message) => (message.role === "tool" ? [message.tool_call_id] : []));
        expect(calls).toEqual(uses);
        expect(new Set(calls).size).toBe(calls.length);
        expect(toolMessages).toEqual(results);
        expect(openAI.tools?.map((tool) => (tool.type === "function" ? tool.function.name : "")) ?? []).toEqual(
          (body.tools ?? []).map((tool) => tool.name),
        );
      }),
      { numRuns: 200 },
    );
  });
});
