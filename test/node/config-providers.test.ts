import { describe, expect, it } from "vitest";
import { type Candidate, compileConfig } from "../../src/config/runtime-config";
import type { GatewayConfigInput } from "../../src/config/schema";
import { validateConfig } from "../../src/config/validate";
import type { HttpUpstreamRequest, UpstreamRequest } from "../../src/providers/contract";
import { openaiPresets } from "../../src/providers/openai/presets";

type ProviderInput = GatewayConfigInput["providers"][string];

function configWith(provider: ProviderInput, target: Record<string, unknown> = {}, type: "chat" | "embeddings" = "chat"): GatewayConfigInput {
  return {
    version: 1,
    providers: { p: provider },
    targets: { t: { provider: "p", model: "upstream-model", ...target } },
    models: { m: { type, targets: ["t"] } },
  };
}

function candidateOf(provider: ProviderInput, target: Record<string, unknown> = {}): Candidate {
  const result = validateConfig(configWith(provider, target));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  const candidate = compileConfig(result.config).models.get("m")?.candidates[0];
  if (!candidate) throw new Error("no candidate");
  return candidate;
}

function problemsOf(config: GatewayConfigInput): string {
  const result = validateConfig(config);
  return result.ok ? "" : result.problems.join("\n");
}

function http(request: UpstreamRequest): HttpUpstreamRequest {
  if (request.transport !== "http") throw new Error("expected an HTTP request");
  return request;
}

const chat = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
const call = { upstreamModel: "upstream-model", apiKey: "sk-provider" };

describe("OpenAI-compatible presets are configuration of one adapter", () => {
  it.each(Object.entries(openaiPresets).filter(([, preset]) => preset.baseUrl !== null))(
    "%s: its base URL and default key secret, with nothing else to configure",
    (name, preset) => {
      const candidate = candidateOf({ kind: "openai", preset: name as keyof typeof openaiPresets, region: "us" });
      const request = http(candidate.adapter.chatRequest(chat, call));
      expect(request.url).toBe(`${preset.baseUrl}/chat/completions`);
      expect(candidate.apiKeySecret).toBe(preset.apiKeySecret);
      expect(candidate.capabilities).toEqual(preset.capabilities);
      expect(JSON.parse(request.body ?? "{}")).toMatchObject({ model: "upstream-model", messages: chat.messages });
    },
  );

  it("lets the config override a preset's base URL and key secret", () => {
    const candidate = candidateOf({ kind: "openai", preset: "groq", baseUrl: "https://proxy.example/groq/v1", apiKeySecret: "MY_GROQ", region: "us" });
    expect(http(candidate.adapter.chatRequest(chat, call)).url).toBe("https://proxy.example/groq/v1/chat/completions");
    expect(candidate.apiKeySecret).toBe("MY_GROQ");
  });

  it("needs a base URL for self-hosted vLLM, and for a provider with no preset", () => {
    expect(problemsOf(configWith({ kind: "openai", preset: "vllm", region: "us" }))).toContain('providers.p.baseUrl: preset "vllm" is self-hosted');
    expect(problemsOf(configWith({ kind: "openai", region: "us" }))).toContain("providers.p.baseUrl");
    const vllm = candidateOf({ kind: "openai", preset: "vllm", baseUrl: "http://10.0.0.5:8000/v1", region: "local" });
    expect(vllm.apiKeySecret).toBeNull();
  });

  it("refuses an embeddings route on a preset without embeddings", () => {
    const problems = problemsOf(configWith({ kind: "openai", preset: "groq", region: "us" }, {}, "embeddings"));
    expect(problems).toContain("cannot serve embeddings");
  });
});

describe("targets narrow their provider's capabilities", () => {
  it("turns off what the model lacks", () => {
    const candidate = candidateOf({ kind: "openai", preset: "openai", region: "us" }, { capabilities: { tools: false, vision: false } });
    expect(candidate.capabilities).toMatchObject({ chat: true, streaming: true, tools: false, vision: false, jsonMode: true });
  });

  it("cannot claim what the provider lacks", () => {
    const problems = problemsOf(configWith({ kind: "anthropic", region: "us" }, { capabilities: { jsonMode: true } }));
    expect(problems).toContain("targets.t.capabilities.jsonMode");
  });
});

describe("Azure OpenAI", () => {
  const azure = { kind: "azure", baseUrl: "https://my-resource.openai.azure.com/", region: "eu" } as const;

  it("calls the deployment URL with api-version and sends the key as api-key", () => {
    const candidate = candidateOf(azure);
    const request = http(candidate.adapter.chatRequest(chat, { upstreamModel: "prod gpt-4o", apiKey: "azure-key" }));
    expect(request.url).toBe("https://my-resource.openai.azure.com/openai/deployments/prod%20gpt-4o/chat/completions?api-version=2024-10-21");
    expect(request.headers["api-key"]).toBe("azure-key");
    expect(request.headers.authorization).toBeUndefined();
    expect(candidate.apiKeySecret).toBe("AZURE_OPENAI_API_KEY");
  });

  it("maps its content-filter 400 to content_filtered and reads retry-after-ms on 429s", () => {
    const adapter = candidateOf(azure).adapter;
    // Azure's documented content-filter error body.
    const filtered = JSON.stringify({
      error: {
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: "prompt",
        code: "content_filter",
        status: 400,
        innererror: { code: "ResponsibleAIPolicyViolation", content_filter_result: { hate: { filtered: true, severity: "high" } } },
      },
    });
    expect(adapter.failure(400, new Headers(), filtered)).toEqual({ kind: "content_filtered" });
    expect(adapter.failure(429, new Headers({ "retry-after-ms": "1500" }), "{}")).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: 2 });
    expect(adapter.failure(429, new Headers({ "retry-after": "9", "retry-after-ms": "1500" }), "{}")).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: 9 });
    expect(adapter.failure(400, new Headers(), JSON.stringify({ error: { code: "invalid_value", param: "temperature" } }))).toMatchObject({
      kind: "upstream_rejected",
      code: "invalid_value",
    });
  });

  it("needs an API version that looks like one", () => {
    expect(problemsOf(configWith({ ...azure, apiVersion: "latest" }))).toContain("providers.p.apiVersion");
  });
});

describe("Workers AI", () => {
  it("is reached through the binding, with no key", () => {
    const candidate = candidateOf({ kind: "workers-ai", region: "us" });
    const request = candidate.adapter.chatRequest({ ...chat, max_tokens: 64 }, { upstreamModel: "@cf/meta/llama-3.1-8b-instruct", apiKey: null });
    expect(request).toEqual({
      transport: "workers-ai",
      model: "@cf/meta/llama-3.1-8b-instruct",
      inputs: { messages: [{ role: "user", content: "hi" }], stream: false, max_tokens: 64 },
    });
    expect(candidate.apiKeySecret).toBeNull();
  });
});
