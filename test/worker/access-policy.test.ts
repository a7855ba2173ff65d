import { env } from "cloudflare:workers";
import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import type { AccessPolicy } from "../../src/schemas/access-policy";
import type { KeyRecord } from "../../src/schemas/key-record";
import { type Limits, tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { bootstrapKey, createKeyVia } from "./admin-helpers";
import { anthropicClient, mintKey, openaiClient, postJson, readError, upstreamRequestsContaining } from "./helpers";
import { reservationsOf } from "./limit-helpers";

/** A fresh tenant whose policy (in KV) has this `access`, and an `app` key for it with the given record fields. */
async function tenantWith(access: AccessPolicy | null, key: Partial<KeyRecord> = {}, limits?: Limits): Promise<{ tenantId: string; key: string }> {
  const tenantId = `tenant-${crypto.randomUUID().slice(0, 8)}`;
  if (access !== null) {
    await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(tenantPolicySchema.parse({ access, ...(limits ? { limits } : {}) })));
  }
  return { tenantId, key: await mintKey({ tenantId, ...key }) };
}

type ChatParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

function chatBody(model: string, content: string, extra: Partial<ChatParams> = {}): ChatParams {
  return { model, messages: [{ role: "user", content }], ...extra };
}

function tool(name: string) {
  return { type: "function" as const, function: { name, parameters: { type: "object", properties: {} } } };
}

async function sentBodies(marker: string): Promise<Array<Record<string, unknown>>> {
  return (await upstreamRequestsContaining(marker)).map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

describe("models", () => {
  it("serves an allowed model and refuses another with a 403 naming the model, calling nobody", async () => {
    const { key } = await tenantWith({ models: ["gpt-4o-mini"] });
    const client = openaiClient(key);
    const served = await client.chat.completions.create(chatBody("gpt-4o-mini", "allowed"));
    expect(served.choices[0]?.message.content).toBeTruthy();

    const marker = `refused-${crypto.randomUUID()}`;
    await expect(client.chat.completions.create(chatBody("claude-sonnet", marker))).rejects.toMatchObject({
      status: 403,
      type: "permission_error",
      code: "model_not_allowed",
      param: "model",
    });
    expect(await upstreamRequestsContaining(marker)).toEqual([]);
  });

  it("refuses embeddings and Anthropic-format requests for a model off the list too", async () => {
    const { key } = await tenantWith({ models: ["gpt-4o-mini"] });
    const embeddings = await postJson("/v1/embeddings", key, { model: "text-embedding-3-small", input: "x" });
    expect(embeddings.status).toBe(403);
    expect((await readError(embeddings)).error.code).toBe("model_not_allowed");
    await expect(
      anthropicClient(key).messages.create({ model: "claude-sonnet", max_tokens: 10, messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({ status: 403, error: { type: "error", error: { type: "permission_error" } } });
  });

  it("reserves nothing for a refused request", async () => {
    const { tenantId, key } = await tenantWith({ models: ["gpt-4o-mini"] }, {}, { requestsPerMinute: 100 });
    const refused = await postJson("/v1/chat/completions", key, chatBody("claude-sonnet", "x"));
    expect(refused.status).toBe(403);
    await refused.text();
    expect(await reservationsOf(`tenant:${tenantId}`)).toEqual([]);
  });
});

describe("providers", () => {
  it("drops the targets of other providers, so the allowed one serves", async () => {
    const { key } = await tenantWith({ providers: ["sim-eu"] });
    const response = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "eu provider"));
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
  });

  it("fails over among the allowed providers only", async () => {
    const marker = `failover-${crypto.randomUUID()}`;
    const { key } = await tenantWith({ providers: ["sim-flaky", "sim-eu"] });
    const response = await postJson("/v1/chat/completions", key, chatBody("failover", marker));
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(response.headers.get("x-switchboard-route")).toContain("candidates=mini-flaky,mini-eu;");
    expect((await upstreamRequestsContaining(marker)).map((request) => request.provider)).toEqual(["flaky", "openai-eu"]);
  });

  it("refuses with a 403 when no target's provider is allowed", async () => {
    const { key } = await tenantWith({ providers: ["sim-anthropic"] });
    const response = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "x"));
    expect(response.status).toBe(403);
    expect((await readError(response)).error).toMatchObject({ type: "permission_error", code: "provider_not_allowed", param: "model" });
  });
});

describe("jurisdiction and data policies", () => {
  it("pins a tenant's every key to its jurisdiction, as a key's own pin does", async () => {
    const { key } = await tenantWith({ jurisdiction: "eu" });
    const served = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "tenant pinned"));
    expect(served.status).toBe(200);
    await served.text();
    expect(served.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(served.headers.get("x-switchboard-route")).toContain("jurisdiction=eu;");

    const refused = await postJson("/v1/embeddings", key, { model: "text-embedding-3-small", input: "x" });
    expect(refused.status).toBe(403);
    expect((await readError(refused)).error.code).toBe("residency_restricted");
  });

  it("requires the tenant's data policies", async () => {
    const { key } = await tenantWith({ requiredDataPolicies: ["zero-retention"] });
    const served = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "policies"));
    expect(served.status).toBe(200);
    await served.text();
    expect(served.headers.get("x-switchboard-target")).toBe("mini-eu");
  });

  it("refuses every model request of a key whose jurisdiction contradicts its tenant's", async () => {
    for (const keyFields of [{ jurisdiction: "us" }, { access: { jurisdiction: "us" } }] satisfies Array<Partial<KeyRecord>>) {
      const { key } = await tenantWith({ jurisdiction: "eu" }, keyFields);
      const response = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "x"));
      expect(response.status).toBe(403);
      const { error } = await readError(response);
      expect(error).toMatchObject({ type: "permission_error", code: "access_conflict" });
      expect(error.message).toContain("eu vs us");
    }
  });

  it("serves a key pinned to its tenant's own jurisdiction", async () => {
    const { key } = await tenantWith({ jurisdiction: "eu" }, { jurisdiction: "eu" });
    const response = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "x"));
    expect(response.status).toBe(200);
    await response.text();
  });
});

describe("max_tokens ceiling", () => {
  it("clamps a larger or missing max_tokens in what the provider receives, and keeps a smaller one", async () => {
    const { key } = await tenantWith({ maxTokens: 20 });
    const client = openaiClient(key);
    const cases = [
      { sent: { max_tokens: 500 }, received: { max_tokens: 20 } },
      { sent: { max_completion_tokens: 500 }, received: { max_completion_tokens: 20 } },
      { sent: {}, received: { max_tokens: 20 } },
      { sent: { max_tokens: 5 }, received: { max_tokens: 5 } },
    ];
    for (const { sent, received } of cases) {
      const marker = `clamp-${crypto.randomUUID()}`;
      await client.chat.completions.create(chatBody("gpt-4o-mini", marker, sent));
      const [body] = await sentBodies(marker);
      expect(body).toMatchObject(received);
    }
  });

  it("takes the key's ceiling when it is lower than its tenant's", async () => {
    const { key } = await tenantWith({ maxTokens: 20 }, { access: { maxTokens: 8 } });
    const marker = `clamp-key-${crypto.randomUUID()}`;
    await openaiClient(key).chat.completions.create(chatBody("gpt-4o-mini", marker, { max_tokens: 100 }));
    expect((await sentBodies(marker))[0]).toMatchObject({ max_tokens: 8 });
  });
});

describe("tools", () => {
  it("refuses a request declaring a tool off the list, naming it, and serves one within it", async () => {
    const { key } = await tenantWith({ tools: ["get_weather"] });
    const client = openaiClient(key);
    const marker = `tools-${crypto.randomUUID()}`;
    const refused = client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: marker }],
      tools: [tool("get_weather"), tool("delete_files")],
    });
    await expect(refused).rejects.toMatchObject({ status: 403, code: "tool_not_allowed", param: "tools" });
    await expect(refused).rejects.toThrow(/delete_files/);
    expect(await upstreamRequestsContaining(marker)).toEqual([]);

    const served = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "weather" }], tools: [tool("get_weather")] });
    expect(served.choices).toHaveLength(1);
  });
});

describe("keys narrow their tenant's policy", () => {
  it("never widens: a key allowing a model its tenant forbids is still refused", async () => {
    const { key } = await tenantWith({ models: ["gpt-4o-mini"] }, { access: { models: ["gpt-4o-mini", "claude-sonnet"] } });
    const response = await postJson("/v1/chat/completions", key, chatBody("claude-sonnet", "x"));
    expect(response.status).toBe(403);
    expect((await readError(response)).error.code).toBe("model_not_allowed");
  });

  it("restricts further than its tenant", async () => {
    const { key } = await tenantWith({ models: ["gpt-4o-mini", "claude-sonnet"] }, { access: { models: ["claude-sonnet"] } });
    const refused = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "x"));
    expect(refused.status).toBe(403);
    await refused.text();
    const served = await postJson("/v1/chat/completions", key, chatBody("claude-sonnet", "x"));
    expect(served.status).toBe(200);
    await served.text();
  });

  it("applies a key's access when its tenant has no policy", async () => {
    const { key } = await tenantWith(null, { access: { tools: [] } });
    const response = await postJson("/v1/chat/completions", key, chatBody("gpt-4o-mini", "x", { tools: [tool("get_weather")] }));
    expect(response.status).toBe(403);
    expect((await readError(response)).error.code).toBe("tool_not_allowed");
  });

  it("can be created with its access through the admin API", async () => {
    const created = await createKeyVia(bootstrapKey, { tenantId: `tenant-${crypto.randomUUID().slice(0, 8)}`, role: "app", access: { models: ["claude-sonnet"] } });
    const response = await postJson("/v1/chat/completions", created.key, chatBody("gpt-4o-mini", "x"));
    expect(response.status).toBe(403);
    expect((await readError(response)).error.code).toBe("model_not_allowed");
  });
});

describe("no policy", () => {
  it("restricts nothing and leaves max_tokens as sent", async () => {
    const { key } = await tenantWith(null);
    const marker = `free-${crypto.randomUUID()}`;
    const client = openaiClient(key);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: marker }], tools: [tool("delete_files")] });
    expect((await sentBodies(marker))[0]).not.toHaveProperty("max_tokens");
    const claude = await client.chat.completions.create(chatBody("claude-sonnet", "x"));
    expect(claude.choices).toHaveLength(1);
  });
});
