import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anthropicMessagesRequestSchema } from "../../ingress/anthropic/request-schema";
import { toOpenAIRequest } from "../../ingress/anthropic/to-openai-request";
import type { ChatCompletionRequest, ChatMessage } from "../../schemas/openai/chat";
import { translateRequest } from "./request";

// OpenAI → Anthropic (this adapter) → OpenAI (the /v1/messages ingress) must give back the request for
// everything both APIs can express: text turns, a system prompt, tool calls with their results, tools,
// and the sampling options. Two independent translators agreeing is the evidence neither loses anything.

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== "");
const toolName = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
const jsonArguments = fc
  .dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()), { maxKeys: 3 })
  .map((value) => JSON.stringify(value));

/** One exchange: a user turn, then either an answer or tool calls followed by their results. */
const exchange = fc.oneof(
  fc.record({ user: text, answer: text }).map(({ user, answer }): ChatMessage[] => [
    { role: "user", content: user },
    { role: "assistant", content: answer },
  ]),
  fc
    .record({
      user: text,
      preface: fc.option(text, { nil: null }),
      calls: fc.array(fc.record({ name: toolName, arguments: jsonArguments, result: text }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ user, preface, calls }): ChatMessage[] => {
      const ids = calls.map(() => `toolu_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`);
      return [
        { role: "user", content: user },
        {
          role: "assistant",
          content: preface,
          tool_calls: calls.map((call, i) => ({ id: ids[i] ?? "", type: "function" as const, function: { name: call.name, arguments: call.arguments } })),
        },
        ...calls.map((call, i): ChatMessage => ({ role: "tool", tool_call_id: ids[i] ?? "", content: call.result })),
      ];
    }),
);

const request = fc
  .record({
    system: fc.option(text, { nil: undefined }),
    exchanges: fc.array(exchange, { minLength: 1, maxLength: 4 }),
    last: text,
    tools: fc.uniqueArray(fc.record({ name: toolName, description: text }), { selector: (tool) => tool.name, maxLength: 3 }),
    max_tokens: fc.integer({ min: 1, max: 8192 }),
    temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    stop: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map((r): ChatCompletionRequest => ({
    model: "claude-sonnet",
    messages: [...(r.system ? [{ role: "system" as const, content: r.system }] : []), ...r.exchanges.flat(), { role: "user", content: r.last }],
    max_tokens: r.max_tokens,
    ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    ...(r.stop ? { stop: r.stop } : {}),
    ...(r.tools.length > 0
      ? {
          tools: r.tools.map((tool) => ({
            type: "function" as const,
            function: { name: tool.name, description: tool.description, parameters: { type: "object", properties: {} } },
          })),
        }
      : {}),
  }));

/** What both APIs can say about a message, in one canonical form. */
function canonical(messages: readonly ChatMessage[]): unknown[] {
  return messages.map((message) => {
    switch (message.role) {
      case "assistant":
        return {
          role: "assistant",
          content: message.content ?? null,
          tool_calls: (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
        };
      case "tool":
        return { role: "tool", tool_call_id: message.tool_call_id, content: message.content };
      default:
        return { role: message.role, content: message.content };
    }
  });
}

describe("OpenAI → Anthropic → OpenAI", () => {
  it("gives back the messages, tools and sampling options", () => {
    fc.assert(
      fc.property(request, (original) => {
        const anthropicBody = translateRequest(original, "claude-sonnet-4-5", 4096);
        const parsed = anthropicMessagesRequestSchema.safeParse({ ...anthropicBody, model: original.model });
        if (!parsed.success) throw new Error(`the adapter's body is not a valid Messages request: ${parsed.error.message}`);
        const back = toOpenAIRequest(parsed.data);

        expect(canonical(back.messages)).toEqual(canonical(original.messages));
        expect(back.max_tokens).toBe(original.max_tokens);
        expect(back.temperature).toBe(original.temperature);
        expect(back.stop).toEqual(original.stop);
        expect(back.tools?.map((tool) => tool.type === "function" && tool.function)).toEqual(
          original.tools?.map((tool) => tool.type === "function" && tool.function),
        );
      }),
      { numRuns: 200 },
    );
  });
});
