import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { mintKey, postJson } from "./helpers";

// Untrusted input must only ever produce a success or a 4xx in the OpenAI error shape: never a 500.
let key = "";
beforeAll(async () => {
  key = await mintKey();
});

async function expectHandled(path: string, body: string): Promise<void> {
  const response = await postJson(path, key, body);
  const text = await response.text();
  expect(response.status, text).not.toBeGreaterThanOrEqual(500);
  if (response.status >= 400) {
    const parsed = JSON.parse(text) as { type?: unknown; error: Record<string, unknown> };
    if (path === "/v1/messages") {
      expect(parsed.type).toBe("error");
      expect(Object.keys(parsed.error).sort()).toEqual(["message", "type"]);
    } else {
      expect(Object.keys(parsed.error).sort()).toEqual(["code", "message", "param", "type"]);
    }
    expect(typeof parsed.error.message).toBe("string");
  }
  expect(response.headers.get("x-request-id")).toBeTruthy();
}

const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const message = fc.record(
  { role: fc.oneof(fc.constantFrom("system", "developer", "user", "assistant", "tool", "function"), fc.string()), content: value, tool_call_id: value, tool_calls: value, name: value },
  { requiredKeys: [] },
);
const chatBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom("gpt-4o-mini", "eu-only", "claude-sonnet", "gemini-flash", "azure-mini", "llama-3.1-8b", "text-embedding-3-small", "nope"), fc.string()),
    messages: fc.oneof(fc.array(message, { maxLength: 3 }), value),
    stream: value,
    stream_options: value,
    tools: value,
    tool_choice: value,
    response_format: value,
    max_tokens: value,
    temperature: value,
    n: value,
  },
  { requiredKeys: [] },
);

const block = fc.record(
  {
    type: fc.oneof(fc.constantFrom("text", "image", "document", "tool_use", "tool_result", "thinking"), fc.string()),
    text: value,
    source: fc.oneof(value, fc.record({ type: fc.constantFrom("base64", "url"), media_type: value, data: value, url: value })),
    id: value,
    name: value,
    input: value,
    tool_use_id: value,
    content: value,
  },
  { requiredKeys: [] },
);
const messagesBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom("gpt-4o-mini", "claude-sonnet", "gemini-flash", "nope"), fc.string()),
    max_tokens: fc.oneof(fc.integer({ min: -1, max: 500 }), value),
    messages: fc.oneof(
      fc.array(fc.record({ role: fc.constantFrom("user", "assistant"), content: fc.oneof(fc.string(), fc.array(block, { maxLength: 3 })) }), { maxLength: 3 }),
      value,
    ),
    system: value,
    tools: value,
    tool_choice: value,
    stream: value,
    stop_sequences: value,
    temperature: value,
  },
  { requiredKeys: [] },
);

describe("fuzzing the public endpoints", { timeout: 60_000 }, () => {
  it("chat completions: structurally plausible bodies", async () => {
    await fc.assert(fc.asyncProperty(chatBody, (body) => expectHandled("/v1/chat/completions", JSON.stringify(body))), { numRuns: 150 });
  });

  it("Anthropic messages: structurally plausible bodies, to OpenAI, Anthropic and Gemini upstreams", async () => {
    await fc.assert(fc.asyncProperty(messagesBody, (body) => expectHandled("/v1/messages", JSON.stringify(body))), { numRuns: 150 });
  });

  it("chat completions and embeddings: arbitrary JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom("/v1/chat/completions", "/v1/embeddings", "/v1/messages"), (body, path) =>
        expectHandled(path, JSON.stringify(body)),
      ),
      { numRuns: 100 },
    );
  });

  it("arbitrary bytes, invalid UTF-8 and truncated JSON", async () => {
    const bytes = fc.uint8Array({ maxLength: 200 }).map((array) => String.fromCharCode(...array));
    const truncated = fc.nat({ max: 60 }).map((n) => JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).slice(0, n));
    await fc.assert(fc.asyncProperty(fc.oneof(bytes, truncated), (body) => expectHandled("/v1/chat/completions", body)), { numRuns: 100 });
  });
});
