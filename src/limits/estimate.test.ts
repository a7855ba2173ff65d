import { describe, expect, it } from "vitest";
import type { Candidate } from "../config/runtime-config";
import type { ChatCompletionRequest } from "../schemas/openai/chat";
import { estimateChatUsage, estimateEmbeddingsUsage, worstCaseCost } from "./estimate";

function chat(fields: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: "m", messages: [{ role: "user", content: "x".repeat(400) }], ...fields } as ChatCompletionRequest;
}

describe("usage estimates", () => {
  it("counts about four characters per token (role names too) plus a few per message, and max_tokens per choice", () => {
    expect(estimateChatUsage(chat({ max_tokens: 50 }), 4096)).toEqual({ inputTokens: 105, outputTokens: 50 });
    expect(estimateChatUsage(chat({ max_completion_tokens: 30, max_tokens: 50, n: 2 }), 4096).outputTokens).toBe(60);
    expect(estimateChatUsage(chat({}), 4096).outputTokens).toBe(4096);
  });

  it("counts an image as a fixed share rather than its base64 length", () => {
    const image = { type: "image_url", image_url: { url: `data:image/png;base64,${"A".repeat(1_000_000)}` } };
    const estimate = estimateChatUsage(chat({ messages: [{ role: "user", content: [image] }] } as Partial<ChatCompletionRequest>), 10);
    expect(estimate.inputTokens).toBe(1005);
  });

  it("counts tool definitions as prompt", () => {
    const tools = [{ type: "function", function: { name: "f".repeat(40), parameters: { description: "d".repeat(400) } } }];
    const withTools = estimateChatUsage(chat({ tools } as Partial<ChatCompletionRequest>), 1).inputTokens;
    expect(withTools).toBeGreaterThan(estimateChatUsage(chat({}), 1).inputTokens + 100);
  });

  it("counts embeddings token arrays exactly and text by characters", () => {
    expect(estimateEmbeddingsUsage({ model: "e", input: [[1, 2, 3], [4, 5]] })).toEqual({ inputTokens: 5, outputTokens: 0 });
    expect(estimateEmbeddingsUsage({ model: "e", input: [1, 2, 3] })).toEqual({ inputTokens: 3, outputTokens: 0 });
    expect(estimateEmbeddingsUsage({ model: "e", input: ["abcd", "abcdefgh"] })).toEqual({ inputTokens: 3, outputTokens: 0 });
  });

  it("prices the estimate at the priciest candidate, ignoring unpriced ones", () => {
    const priced = (inputPerMillion: number, outputPerMillion: number) => ({ pricing: { inputPerMillion, outputPerMillion } }) as unknown as Candidate;
    const candidates = [priced(1, 2), priced(3, 1), { pricing: null } as unknown as Candidate];
    expect(worstCaseCost({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, candidates)).toBe(4);
    expect(worstCaseCost({ inputTokens: 10, outputTokens: 10 }, [{ pricing: null } as unknown as Candidate])).toBe(0);
  });
});
