import { describe, expect, it } from "vitest";
import { callGateway, mintKey, postJson, readError } from "./helpers";

const chat = (content: string, model = "gpt-4o-mini") => ({ model, messages: [{ role: "user", content }] });

describe("bad input gets a 4xx in the OpenAI error shape", () => {
  it("400 for malformed JSON", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), "{not json");
    expect(response.status).toBe(400);
    const { error } = await readError(response);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "invalid_json", param: null });
  });

  it("400 for a JSON body that is not an object", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), "[1,2]");
    expect(response.status).toBe(400);
  });

  it.each([
    [{ messages: [{ role: "user", content: "x" }] }, "model"],
    [{ model: "gpt-4o-mini" }, "messages"],
    [{ model: "gpt-4o-mini", messages: [] }, "messages"],
    [{ model: "gpt-4o-mini", messages: [{ role: "robot", content: "x" }] }, "messages[0].role"],
    [{ model: "gpt-4o-mini", messages: [{ role: "user", content: 5 }] }, "messages[0].content"],
    [{ model: "gpt-4o-mini", messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
    [{ ...chat("x"), temperature: 5 }, "temperature"],
    [{ ...chat("x"), max_tokens: 0 }, "max_tokens"],
    [{ ...chat("x"), tools: [{ type: "function", function: { name: "bad name!" } }] }, "tools[0].function.name"],
  ])("400 naming the parameter for %j", async (body, param) => {
    const response = await postJson("/v1/chat/completions", await mintKey(), body);
    expect(response.status).toBe(400);
    const { error } = await readError(response);
    expect(error.param).toBe(param);
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toContain(param);
  });

  it("400 naming a missing required parameter as OpenAI does", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), { model: "gpt-4o-mini" });
    expect(response.status).toBe(400);
    expect((await readError(response)).error).toMatchObject({ param: "messages", message: "Missing required parameter: 'messages'." });
  });

  it("404 for an unknown model", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("x", "no-such-model"));
    expect(response.status).toBe(404);
    expect((await readError(response)).error).toMatchObject({ code: "model_not_found", param: "model" });
  });

  it("400 for a model used on the wrong endpoint", async () => {
    const key = await mintKey();
    const onChat = await postJson("/v1/chat/completions", key, chat("x", "text-embedding-3-small"));
    expect(onChat.status).toBe(400);
    expect((await readError(onChat)).error.code).toBe("model_not_supported");
    const onEmbeddings = await postJson("/v1/embeddings", key, { model: "gpt-4o-mini", input: "x" });
    expect(onEmbeddings.status).toBe(400);
  });

  it("413 for a body over the configured limit, declared or chunked", async () => {
    const key = await mintKey();
    const big = chat("x".repeat(70 * 1024));
    const declared = await postJson("/v1/chat/completions", key, big);
    expect(declared.status).toBe(413);
    expect((await readError(declared)).error.code).toBe("request_too_large");

    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 8192) controller.enqueue(bytes.slice(offset, offset + 8192));
        controller.close();
      },
    });
    const streamed = await callGateway("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: chunked,
    });
    expect(streamed.status).toBe(413);
  });
});

describe("authentication and roles", () => {
  it.each([
    ["no header", {}],
    ["a non-bearer scheme", { authorization: "Basic abc" }],
    ["a key without the sk-sb- prefix", { authorization: "Bearer sk-proj-123" }],
    ["an unknown key", { authorization: "Bearer sk-sb-unknownunknownunknownunknown" }],
  ])("401 for %s", async (_name, headers: Record<string, string>) => {
    const response = await callGateway("/v1/models", { headers });
    expect(response.status).toBe(401);
    expect((await readError(response)).error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("401 for a revoked key, and a scheduled revocation only once it is due", async () => {
    const revoked = await mintKey({ revokedAt: new Date(Date.now() - 1000).toISOString() });
    expect((await callGateway("/v1/models", { headers: { authorization: `Bearer ${revoked}` } })).status).toBe(401);
    const later = await mintKey({ revokedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await callGateway("/v1/models", { headers: { authorization: `Bearer ${later}` } })).status).toBe(200);
  });

  it("403 for a key whose role may not call models", async () => {
    const auditor = await mintKey({ role: "auditor" });
    const response = await postJson("/v1/chat/completions", auditor, chat("x"));
    expect(response.status).toBe(403);
    expect((await readError(response)).error.code).toBe("insufficient_role");
  });
});

describe("upstream failures never leak the upstream's body or a key", () => {
  const canary = "SIM-UPSTREAM-CANARY";

  it("429 passed on with Retry-After", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("[[sim status=429 retry_after=7]]", "eu-429"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    const text = await response.text();
    expect(text).not.toContain(canary);
    expect(JSON.parse(text)).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded" } });
  });

  it("502 with a generic message when every target answers 5xx", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("boom", "always-failing"));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain(canary);
    expect(JSON.parse(text)).toMatchObject({ error: { type: "api_error", code: "upstream_error" } });
    expect(response.headers.get("x-switchboard-attempts")).toBe("1");
  });

  it("400 with the upstream's code and param but not its message when it rejects the request", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("[[sim status=400]]", "eu-only"));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain(canary);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "invalid_value", param: "messages" } });
  });

  it("does not retry a request the provider rejected as invalid", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("[[sim status=400]]"));
    expect(response.status).toBe(400);
    expect(response.headers.get("x-switchboard-attempts")).toBe("1");
  });

  it("504 when the provider does not answer within the first-byte timeout", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("[[sim hang]]", "eu-only"));
    expect(response.status).toBe(504);
    expect((await readError(response)).error.code).toBe("upstream_timeout");
  });

  it("502 when the provider cannot be reached", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("x", "unreachable"));
    expect(response.status).toBe(502);
  });

  it("502 without echoing the provider key when the provider refuses it", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("x", "wrong-key"));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain("sk-provider-wrong-key-SECRET");
    expect(text).not.toContain("Incorrect API key");
  });

  it("tries the next target on 5xx, unreachable and unset-secret failures", async () => {
    const failover = await postJson("/v1/chat/completions", await mintKey(), chat("fail over", "failover"));
    expect(failover.status).toBe(200);
    expect(failover.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(failover.headers.get("x-switchboard-attempts")).toBe("4");
  });
});
