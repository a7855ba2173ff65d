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
    const parsed = JSON.parse(text) as { error: Record<string, unknown> };
    expect(Object.keys(parsed.error).sort()).toEqual(["code", "message", "param", "type"]);
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
    model: fc.oneof(fc.constantFrom("gpt-4o-mini", "eu-only", "text-embedding-3-small", "nope"), fc.string()),
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

describe("fuzzing the public endpoints", { timeout: 60_000 }, () => {
  it("chat completions: structurally plausible bodies", async () => {
    await fc.assert(fc.asyncProperty(chatBody, (body) => expectHandled("/v1/chat/completions", JSON.stringify(body))), { numRuns: 150 });
  });

  it("chat completions and embeddings: arbitrary JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom("/v1/chat/completions", "/v1/embeddings"), (body, path) =>
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
