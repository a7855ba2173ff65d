import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { translateChatResponse } from "./response";

// The plain and function-call answers are verbatim generateContent answers recorded from Google's API
// (google/adk-go testdata); the others follow the shapes of Google's API reference, with ids made up.

const plainAnswer = `{
  "candidates": [
    {
      "content": {
        "parts": [
          {
            "text": "3\\n"
          }
        ],
        "role": "model"
      },
      "finishReason": "STOP",
      "avgLogprobs": -8.2294456660747528e-05
    }
  ],
  "usageMetadata": {
    "promptTokenCount": 36,
    "candidatesTokenCount": 2,
    "totalTokenCount": 38,
    "promptTokensDetails": [
      {
        "modality": "TEXT",
        "tokenCount": 36
      }
    ],
    "candidatesTokensDetails": [
      {
        "modality": "TEXT",
        "tokenCount": 2
      }
    ]
  },
  "modelVersion": "gemini-2.0-flash",
  "responseId": "LM5raOKMI52vgLUPiKvesAc"
}`;

const functionCallAnswer = `{
  "candidates": [
    {
      "content": {
        "parts": [
          {
            "functionCall": {
              "name": "sum",
              "args": {
                "b": 2,
                "a": 1
              }
            }
          }
        ],
        "role": "model"
      },
      "finishReason": "STOP",
      "avgLogprobs": -3.4829718060791491e-07
    }
  ],
  "usageMetadata": {
    "promptTokenCount": 28,
    "candidatesTokenCount": 5,
    "totalTokenCount": 33,
    "promptTokensDetails": [
      {
        "modality": "TEXT",
        "tokenCount": 28
      }
    ],
    "candidatesTokensDetails": [
      {
        "modality": "TEXT",
        "tokenCount": 5
      }
    ]
  },
  "modelVersion": "gemini-2.0-flash",
  "responseId": "K85raLC0NbKm1dkPoOiKsQM"
}`;

const thinkingAnswer = `{
  "candidates": [
    {
      "content": {
        "parts": [
          { "text": "**Weighing the options**\\n\\nThe user wants one word.", "thought": true },
          { "text": "Paris", "thoughtSignature": "CiQB0e2Kb7Xk0hA5o1S2YQ==" }
        ],
        "role": "model"
      },
      "finishReason": "MAX_TOKENS",
      "index": 0
    }
  ],
  "usageMetadata": {
    "promptTokenCount": 1042,
    "candidatesTokenCount": 1,
    "totalTokenCount": 1100,
    "cachedContentTokenCount": 1024,
    "thoughtsTokenCount": 57
  },
  "modelVersion": "gemini-2.5-flash",
  "responseId": "WEXbaMnpF7iPjMcP27mckQE"
}`;

const safetyFinish = `{
  "candidates": [
    {
      "finishReason": "SAFETY",
      "index": 0,
      "safetyRatings": [
        { "category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE" },
        { "category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE" },
        { "category": "HARM_CATEGORY_HARASSMENT", "probability": "MEDIUM", "blocked": true },
        { "category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "NEGLIGIBLE" }
      ]
    }
  ],
  "usageMetadata": { "promptTokenCount": 12, "totalTokenCount": 12 },
  "modelVersion": "gemini-2.0-flash",
  "responseId": "mZ9raJ3xGJqbgLUP5JmxsQs"
}`;

const promptBlocked = `{
  "promptFeedback": {
    "blockReason": "SAFETY",
    "safetyRatings": [
      { "category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE" },
      { "category": "HARM_CATEGORY_HATE_SPEECH", "probability": "HIGH" },
      { "category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE" },
      { "category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "NEGLIGIBLE" }
    ]
  },
  "usageMetadata": { "promptTokenCount": 8, "totalTokenCount": 8 },
  "modelVersion": "gemini-2.0-flash",
  "responseId": "nJ9raKTsFp6bgLUPv_a2sQs"
}`;

function completion(body: string) {
  const translated = translateChatResponse(body, "fast");
  return { ...translated, parsed: JSON.parse(translated.body) as Record<string, unknown> };
}

describe("Gemini chat response", () => {
  it("turns a plain answer into a chat.completion with Google's id, model version and usage", () => {
    const { parsed, usage } = completion(plainAnswer);
    expect(parsed).toMatchObject({
      id: "LM5raOKMI52vgLUPiKvesAc",
      object: "chat.completion",
      model: "gemini-2.0-flash",
      choices: [{ index: 0, message: { role: "assistant", content: "3\n" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 36, completion_tokens: 2, total_tokens: 38, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(usage).toEqual({ inputTokens: 36, outputTokens: 2, totalTokens: 38, cachedInputTokens: 0 });
  });

  it("turns function calls into tool_calls with JSON arguments and a stable synthesized id", () => {
    const { parsed } = completion(functionCallAnswer);
    const choice = (parsed.choices as Array<{ message: { content: unknown; tool_calls: Array<{ id: string }> }; finish_reason: string }>)[0];
    expect(choice).toMatchObject({
      message: { content: null, tool_calls: [{ type: "function", function: { name: "sum", arguments: '{"b":2,"a":1}' } }] },
      finish_reason: "tool_calls",
    });
    const id = choice?.message.tool_calls[0]?.id ?? "";
    expect(id).toMatch(/^call_0_[0-9a-f]{16}$/);
    expect(id.length).toBeLessThanOrEqual(40);
    expect(completion(functionCallAnswer).parsed).toMatchObject({ choices: [{ message: { tool_calls: [{ id }] } }] });
  });

  it("leaves thoughts out of the content and counts thought tokens as output, cached tokens as cached input", () => {
    const { parsed, usage } = completion(thinkingAnswer);
    expect(parsed).toMatchObject({ choices: [{ message: { content: "Paris" }, finish_reason: "length" }] });
    expect(usage).toEqual({ inputTokens: 1042, outputTokens: 58, totalTokens: 1100, cachedInputTokens: 1024 });
  });

  it("reports a SAFETY finish and a blocked prompt as content_filter answers, not errors", () => {
    expect(completion(safetyFinish).parsed).toMatchObject({ choices: [{ message: { content: null }, finish_reason: "content_filter" }] });
    const blocked = completion(promptBlocked);
    expect(blocked.parsed).toMatchObject({
      id: "nJ9raKTsFp6bgLUPv_a2sQs",
      choices: [{ message: { role: "assistant", content: null }, finish_reason: "content_filter" }],
      usage: { prompt_tokens: 8, completion_tokens: 0, total_tokens: 8 },
    });
  });

  it("uses a generated id and the requested model when Google names neither", () => {
    const { parsed } = completion('{"candidates":[{"content":{"parts":[{"text":"hi"}],"role":"model"},"finishReason":"STOP"}]}');
    expect(parsed.id).toMatch(/^chatcmpl-/);
    expect(parsed.model).toBe("fast");
    expect(parsed).not.toHaveProperty("usage");
  });

  it("fails as the provider's fault on a body that is not an answer", () => {
    expect(() => translateChatResponse("<html>oops</html>", "fast")).toThrow(GatewayError);
  });
});
