import { describe, expect, it } from "vitest";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { translateChatResponse } from "./response";
import { translateChatStream } from "./stream";

// Frames as `streamGenerateContent?alt=sse` sends them: `data: <GenerateContentResponse>` and a blank
// line, CRLF line ends, no `[DONE]`. The thinking frames are from a recorded Gemini 2.5 stream
// (google/adk-go testdata; frames dropped and one thought shortened), the empty-text ending from a
// recorded Gemini 3 stream; the others follow the shapes of Google's API reference, ids made up.

const frame = (json: string) => `data: ${json}\r\n\r\n`;

const thinkingStream = [
  frame(
    `{"candidates": [{"content": {"parts": [{"text": "**Calculating Prime Sum**\\n\\nI've determined the task involves summing the first 50 primes.\\n\\n\\n","thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 28,"totalTokenCount": 98,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 28}],"thoughtsTokenCount": 70},"modelVersion": "gemini-2.5-flash","responseId": "WEXbaMnpF7iPjMcP27mckQE"}`,
  ),
  frame(
    `{"candidates": [{"content": {"parts": [{"text": "To find the sum of the first 50 prime numbers, we first need to list them and then add them up.\\n\\n"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 28,"candidatesTokenCount": 47,"totalTokenCount": 1249,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 28}],"thoughtsTokenCount": 1174},"modelVersion": "gemini-2.5-flash","responseId": "WEXbaMnpF7iPjMcP27mckQE"}`,
  ),
  frame(
    `{"candidates": [{"content": {"parts": [{"text": "5309**\\n\\nThe sum of the first 50 prime numbers is 5309."}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 28,"candidatesTokenCount": 643,"totalTokenCount": 1845,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 28}],"thoughtsTokenCount": 1174},"modelVersion": "gemini-2.5-flash","responseId": "WEXbaMnpF7iPjMcP27mckQE"}`,
  ),
];

/** Usage only on the last frame, whose text part is empty and carries only a thought signature. */
const emptyTextEnding = [
  frame(`{"candidates": [{"content": {"role": "model","parts": [{"text": "Hello!"}]}}],"modelVersion": "gemini-3-flash-preview","responseId": "tTCwacuEBMvnitYP06qsgQY"}`),
  frame(`{"candidates": [{"content": {"role": "model","parts": [{"text": " How can I help you today"}]}}],"modelVersion": "gemini-3-flash-preview","responseId": "tTCwacuEBMvnitYP06qsgQY"}`),
  frame(`{"candidates": [{"content": {"role": "model","parts": [{"text": "?"}]}}],"modelVersion": "gemini-3-flash-preview","responseId": "tTCwacuEBMvnitYP06qsgQY"}`),
  frame(
    `{"candidates": [{"content": {"role": "model","parts": [{"text": "","thoughtSignature": "AY89a18iOcFus5wr5bW5xN6zZ4aUiCyhgmg6HE2YjtYDV/dwZ5oZlZHeTmiUKv34qq0="}]},"finishReason": "STOP"}],"usageMetadata": {"promptTokenCount": 1,"candidatesTokenCount": 9,"totalTokenCount": 10,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 1}]},"modelVersion": "gemini-3-flash-preview","responseId": "tTCwacuEBMvnitYP06qsgQY"}`,
  ),
];

const functionCallJson = `{"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Paris"}}},{"functionCall": {"name": "get_weather","args": {"city": "Lyon"}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 40,"candidatesTokenCount": 14,"totalTokenCount": 54},"modelVersion": "gemini-2.0-flash","responseId": "X1traO2bNsKbgLUPl7KzsQs"}`;

const safetyStream = [
  frame(`{"candidates": [{"content": {"parts": [{"text": "Here is how"}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.0-flash","responseId": "a2traPK0Bd6bgLUP0pSxsQs"}`),
  frame(
    `{"candidates": [{"finishReason": "SAFETY","index": 0,"safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT","probability": "HIGH","blocked": true}]}],"usageMetadata": {"promptTokenCount": 11,"candidatesTokenCount": 3,"totalTokenCount": 14},"modelVersion": "gemini-2.0-flash","responseId": "a2traPK0Bd6bgLUP0pSxsQs"}`,
  ),
];

const promptBlockedStream = [
  frame(
    `{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.0-flash","responseId": "b2traLOzD9ubgLUPxKqxsQs"}`,
  ),
];

const errorMidStream = [
  frame(`{"candidates": [{"content": {"parts": [{"text": "The first"}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-pro","responseId": "c2traI7kKpWbgLUP4Z2xsQs"}`),
  frame(
    `{"error": {"code": 500,"message": "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting","status": "INTERNAL"}}`,
  ),
];

const request = (includeUsage: boolean): ChatCompletionRequest => ({
  model: "fast",
  messages: [{ role: "user", content: "x" }],
  stream: true,
  stream_options: { include_usage: includeUsage },
});

/** Sends the text in pieces of `size` characters, so frames and CRLFs split anywhere. */
function upstream(text: string, size = text.length): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < text.length; i += size) controller.enqueue(encoder.encode(text.slice(i, i + size)));
      controller.close();
    },
  });
}

interface Chunk {
  id?: string;
  model?: string;
  choices?: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: Record<string, unknown>;
  error?: { code: string; message: string };
}

async function run(frames: readonly string[], includeUsage = true, size?: number) {
  const { body, completion } = translateChatStream(upstream(frames.join(""), size), request(includeUsage));
  if (completion === null) throw new Error("a translated stream always reports how it ended");
  const text = await new Response(body).text();
  const events = text.split("\n\n").filter((event) => event !== "");
  const done = events.at(-1) === "data: [DONE]";
  const chunks = events.filter((event) => event !== "data: [DONE]").map((event) => JSON.parse(event.slice("data: ".length)) as Chunk);
  const content = chunks.map((chunk) => chunk.choices?.[0]?.delta.content ?? "").join("");
  const finish = chunks.map((chunk) => chunk.choices?.[0]?.finish_reason).filter((reason) => reason);
  return { chunks, content, finish, done, text, completion: await completion };
}

describe("Gemini stream", () => {
  it("streams text over several frames, leaves thoughts out, and ends with the last frame's usage", async () => {
    const result = await run(thinkingStream, true, 7);
    expect(result.content).toBe(
      "To find the sum of the first 50 prime numbers, we first need to list them and then add them up.\n\n5309**\n\nThe sum of the first 50 prime numbers is 5309.",
    );
    expect(result.content).not.toContain("Calculating");
    expect(result.finish).toEqual(["stop"]);
    expect(result.chunks[0]).toMatchObject({ id: "WEXbaMnpF7iPjMcP27mckQE", model: "gemini-2.5-flash", choices: [{ delta: { role: "assistant" } }] });
    expect(result.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 28, completion_tokens: 1817, total_tokens: 1845, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(result.done).toBe(true);
    expect(result.completion).toEqual({ usage: { inputTokens: 28, outputTokens: 1817, totalTokens: 1845, cachedInputTokens: 0 }, upstreamFailed: false });
  });

  it("takes usage given only in the last frame, and sends nothing for an empty text part", async () => {
    const result = await run(emptyTextEnding);
    expect(result.content).toBe("Hello! How can I help you today?");
    const contentChunks = result.chunks.filter((chunk) => typeof chunk.choices?.[0]?.delta.content === "string" && chunk.choices[0].delta.content !== "");
    expect(contentChunks).toHaveLength(3);
    expect(result.finish).toEqual(["stop"]);
    expect(result.completion.usage).toEqual({ inputTokens: 1, outputTokens: 9, totalTokens: 10, cachedInputTokens: 0 });
  });

  it("omits the usage chunk unless the client asked for it, and still reports usage to the gateway", async () => {
    const result = await run(emptyTextEnding, false);
    expect(result.chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(result.done).toBe(true);
    expect(result.completion.usage).toEqual({ inputTokens: 1, outputTokens: 9, totalTokens: 10, cachedInputTokens: 0 });
  });

  it("streams whole function calls with the same ids the whole answer gets, and finishes with tool_calls", async () => {
    const result = await run([frame(functionCallJson)]);
    const calls = result.chunks.flatMap((chunk) => (chunk.choices?.[0]?.delta.tool_calls as unknown[] | undefined) ?? []);
    const whole = JSON.parse(translateChatResponse(functionCallJson, "fast").body) as {
      choices: Array<{ message: { tool_calls: Array<{ id: string; function: unknown }> } }>;
    };
    const wholeCalls = whole.choices[0]?.message.tool_calls ?? [];
    expect(calls).toEqual(
      wholeCalls.map((call, index) => ({ index, id: call.id, type: "function", function: call.function })),
    );
    expect(calls).toMatchObject([{ function: { name: "get_weather", arguments: '{"city":"Paris"}' } }, { function: { arguments: '{"city":"Lyon"}' } }]);
    expect(new Set(wholeCalls.map((call) => call.id)).size).toBe(2);
    expect(result.finish).toEqual(["tool_calls"]);
  });

  it("ends with content_filter on a SAFETY finish and on a blocked prompt", async () => {
    const safety = await run(safetyStream);
    expect(safety.content).toBe("Here is how");
    expect(safety.finish).toEqual(["content_filter"]);
    expect(safety.done).toBe(true);
    const blocked = await run(promptBlockedStream);
    expect(blocked.content).toBe("");
    expect(blocked.finish).toEqual(["content_filter"]);
    expect(blocked.completion).toEqual({ usage: { inputTokens: 9, outputTokens: 0, totalTokens: 9, cachedInputTokens: 0 }, upstreamFailed: false });
  });

  it("turns an error frame into an OpenAI error event with Google's status as the code, never its message", async () => {
    const result = await run(errorMidStream);
    expect(result.content).toBe("The first");
    expect(result.chunks.at(-1)).toEqual({
      error: { message: "The provider failed while streaming the response.", type: "server_error", param: null, code: "internal" },
    });
    expect(result.text).not.toContain("troubleshooting");
    expect(result.done).toBe(false);
    expect(result.completion.upstreamFailed).toBe(true);
  });

  it("reports a stream cut off before its finish reason as failed", async () => {
    const result = await run(safetyStream.slice(0, 1));
    expect(result.chunks.at(-1)?.error?.code).toBe("upstream_stream_truncated");
    expect(result.completion.upstreamFailed).toBe(true);
  });
});
