import { describe, expect, it } from "vitest";
import { anthropicProvider } from ".";

const parse = (input: Record<string, unknown>) => anthropicProvider.configSchema.safeParse({ kind: "anthropic", region: "us", ...input });
const request = { model: "public", messages: [{ role: "user" as const, content: "Hello" }] };

describe("anthropic provider definition", () => {
  it("applies its defaults: URL, version header, key secret and max_tokens", () => {
    const config = parse({});
    if (!config.success) throw new Error("a minimal config should parse");
    expect(anthropicProvider.apiKeySecret(config.data)).toBe("ANTHROPIC_API_KEY");
    const adapter = anthropicProvider.createAdapter(config.data);
    const upstream = adapter.chatRequest(request, { upstreamModel: "claude-sonnet-4-20250514", apiKey: "sk-ant-test" });
    expect(upstream).toEqual({
      transport: "http",
      url: "https://api.anthropic.com/v1/messages",
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", "x-api-key": "sk-ant-test" },
      body: JSON.stringify({ model: "claude-sonnet-4-20250514", max_tokens: 4096, messages: [{ role: "user", content: "Hello" }] }),
    });
  });

  it("honours its settings", () => {
    const config = parse({
      baseUrl: "https://gateway.example.com/anthropic/",
      apiKeySecret: "CLAUDE_KEY",
      anthropicVersion: "2024-01-01",
      defaultMaxTokens: 1000,
      headers: { "anthropic-beta": "prompt-caching-2024-07-31" },
    });
    if (!config.success) throw new Error("the config should parse");
    expect(anthropicProvider.apiKeySecret(config.data)).toBe("CLAUDE_KEY");
    const upstream = anthropicProvider.createAdapter(config.data).chatRequest(request, { upstreamModel: "m", apiKey: "k" });
    expect(upstream).toMatchObject({
      url: "https://gateway.example.com/anthropic/v1/messages",
      headers: { "anthropic-beta": "prompt-caching-2024-07-31", "anthropic-version": "2024-01-01", "x-api-key": "k" },
    });
    expect(upstream.transport === "http" && JSON.parse(upstream.body ?? "")).toMatchObject({ max_tokens: 1000 });
  });

  it("rejects credentials in headers and malformed settings", () => {
    expect(parse({ headers: { "x-api-key": "sk-ant-oops" } }).success).toBe(false);
    expect(parse({ anthropicVersion: "latest" }).success).toBe(false);
    expect(parse({ defaultMaxTokens: 0 }).success).toBe(false);
    expect(parse({ baseUrl: "ftp://example.com" }).success).toBe(false);
  });

  it("declares no JSON mode and no embeddings", () => {
    const config = parse({});
    if (!config.success) throw new Error("a minimal config should parse");
    expect(anthropicProvider.capabilities(config.data)).toEqual({ chat: true, streaming: true, tools: true, vision: true, jsonMode: false, embeddings: false });
    expect(anthropicProvider.createAdapter(config.data).embeddings).toBeNull();
  });
});
