import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { type ChatCompletionRequest, chatCompletionRequestSchema } from "../../schemas/openai/chat";
import { createGeminiAdapter } from "./index";

const adapter = createGeminiAdapter({ kind: "gemini", region: "eu", headers: { "x-team": "search" } });
const call = { upstreamModel: "gemini-2.5-flash", apiKey: "AIza-test-key" };

/** Requests go through the gateway's own schema first, as they do in production. */
function chat(body: Record<string, unknown>): ChatCompletionRequest {
  return chatCompletionRequestSchema.parse({ model: "fast", ...body });
}

function bodyOf(request: ChatCompletionRequest): Record<string, unknown> {
  const upstream = adapter.chatRequest(request, call);
  if (upstream.transport !== "http" || upstream.body === null) throw new Error("expected an HTTP request with a body");
  return JSON.parse(upstream.body) as Record<string, unknown>;
}

function reasonOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error.reason;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("Gemini chat request", () => {
  it("calls generateContent or streamGenerateContent?alt=sse with the key in x-goog-api-key, never in the URL", () => {
    const plain = adapter.chatRequest(chat({ messages: [{ role: "user", content: "hi" }] }), call);
    expect(plain).toMatchObject({
      transport: "http",
      method: "POST",
      url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
      headers: { "x-goog-api-key": "AIza-test-key", "content-type": "application/json", "x-team": "search" },
    });
    const streamed = adapter.chatRequest(chat({ stream: true, messages: [{ role: "user", content: "hi" }] }), { ...call, upstreamModel: "models/gemini-2.5-pro" });
    expect(streamed).toMatchObject({ url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse" });
    expect(JSON.stringify(streamed)).not.toContain("key=");
  });

  it("maps roles, merges same-role turns, replays tool calls with a signature and answers them by name", () => {
    const body = bodyOf(
      chat({
        messages: [
          { role: "system", content: "output ONLY the result computed by the provided function" },
          { role: "developer", content: [{ type: "text", text: "Be brief." }] },
          { role: "user", content: "what is the sum of 1 + 2?" },
          { role: "user", content: [{ type: "text", text: "and of 2 + 3?" }] },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_a", type: "function", function: { name: "sum", arguments: '{"a":1,"b":2}' } },
              { id: "call_b", type: "function", function: { name: "sum", arguments: '{"a":2,"b":3}' } },
            ],
          },
          { role: "tool", tool_call_id: "call_a", content: '{"sum":3}' },
          { role: "tool", tool_call_id: "call_b", content: "5" },
          { role: "assistant", content: "3 and 5" },
        ],
      }),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: "output ONLY the result computed by the provided function" }, { text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "what is the sum of 1 + 2?" }, { text: "and of 2 + 3?" }] },
        {
          role: "model",
          parts: [
            { functionCall: { name: "sum", args: { a: 1, b: 2 } }, thoughtSignature: "skip_thought_signature_validator" },
            { functionCall: { name: "sum", args: { a: 2, b: 3 } } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "sum", response: { sum: 3 } } },
            { functionResponse: { name: "sum", response: { content: "5" } } },
          ],
        },
        { role: "model", parts: [{ text: "3 and 5" }] },
      ],
    });
  });

  it("sends data URLs inline and other URLs as file data with a guessed media type", () => {
    const body = bodyOf(
      chat({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare these." },
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
              { type: "image_url", image_url: { url: "https://example.com/cat.webp?size=large", detail: "high" } },
              { type: "image_url", image_url: { url: "https://example.com/photo" } },
            ],
          },
        ],
      }),
    );
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "Compare these." },
          { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
          { fileData: { fileUri: "https://example.com/cat.webp?size=large", mimeType: "image/webp" } },
          { fileData: { fileUri: "https://example.com/photo", mimeType: "image/jpeg" } },
        ],
      },
    ]);
  });

  it("declares tools with their JSON Schema untouched and maps tool_choice", () => {
    const parameters = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } },
      required: ["city"],
      additionalProperties: false,
    };
    const tools = [
      { type: "function", function: { name: "get_weather", description: "Weather now", parameters, strict: true } },
      { type: "function", function: { name: "now" } },
    ];
    const messages = [{ role: "user", content: "weather in Paris?" }];
    const body = bodyOf(chat({ messages, tools, tool_choice: { type: "function", function: { name: "get_weather" } } }));
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: "get_weather", description: "Weather now", parametersJsonSchema: parameters }, { name: "now" }] },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } });
    const modes = (["auto", "required", "none"] as const).map((tool_choice) => bodyOf(chat({ messages, tools, tool_choice })).toolConfig);
    expect(modes).toEqual([
      { functionCallingConfig: { mode: "AUTO" } },
      { functionCallingConfig: { mode: "ANY" } },
      { functionCallingConfig: { mode: "NONE" } },
    ]);
  });

  it("maps sampling settings, stop sequences and JSON output into generationConfig", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const body = bodyOf(
      chat({
        messages: [{ role: "user", content: "hi" }],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 100,
        max_completion_tokens: 50,
        stop: "END",
        n: 1,
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        response_format: { type: "json_schema", json_schema: { name: "answer", schema } },
      }),
    );
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 50,
      stopSequences: ["END"],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
    const jsonMode = bodyOf(chat({ messages: [{ role: "user", content: "hi" }], response_format: { type: "json_object" }, stop: ["a", "b"] }));
    expect(jsonMode.generationConfig).toEqual({ stopSequences: ["a", "b"], responseMimeType: "application/json" });
    expect(bodyOf(chat({ messages: [{ role: "user", content: "hi" }] }))).not.toHaveProperty("generationConfig");
  });

  it("refuses what Gemini cannot be given, as the client's error, before any call", () => {
    const toolCall = (args: string) => ({ id: "c1", type: "function", function: { name: "f", arguments: args } });
    expect(reasonOf(() => bodyOf(chat({ messages: [{ role: "assistant", tool_calls: [toolCall("{not json")] }] })))).toEqual({
      kind: "invalid_request",
      message: "Tool call arguments must be a JSON object.",
      param: "messages[0].tool_calls[0].function.arguments",
    });
    expect(reasonOf(() => bodyOf(chat({ messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] })))).toMatchObject({
      kind: "invalid_request",
      param: "messages[0].tool_call_id",
    });
    expect(reasonOf(() => bodyOf(chat({ messages: [{ role: "user", content: "hi" }], n: 2 })))).toMatchObject({ kind: "invalid_request", param: "n" });
    const custom = { type: "custom", custom: { name: "grammar" } };
    expect(reasonOf(() => bodyOf(chat({ messages: [{ role: "user", content: "hi" }], tools: [custom] })))).toMatchObject({
      kind: "invalid_request",
      param: "tools[0]",
    });
    const textUrl = { type: "image_url", image_url: { url: "data:text/plain,hello" } };
    expect(reasonOf(() => bodyOf(chat({ messages: [{ role: "user", content: [textUrl] }] })))).toMatchObject({
      kind: "invalid_request",
      param: "messages[0].content[0]",
    });
  });
});
