import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { anthropicClient, callGateway, captureLogLines, gatewayOrigin, mintKey, openaiClient, postJson, readError, waitFor } from "./helpers";
import { chat, limitedTenant, reservationsOf, spentOf } from "./limit-helpers";
import { exports } from "cloudflare:workers";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every reservation of the limiter object settled (none open any more). */
async function settledReservations(anchor: string, count: number) {
  return waitFor(async () => {
    const rows = await reservationsOf(anchor);
    return rows.length === count && rows.every((row) => row.state !== 0) ? rows : undefined;
  });
}

describe("requests per minute", () => {
  it("admits exactly 37 of 100 concurrent requests against a limit of 37", async () => {
    const { key } = await limitedTenant({ requestsPerMinute: 37 });
    const responses = await Promise.all(Array.from({ length: 100 }, () => chat(key)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(37);
    expect(statuses.filter((status) => status === 429)).toHaveLength(63);
    const refused = responses.find((response) => response.status === 429);
    if (!refused) throw new Error("nothing refused");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(await readError(refused)).toEqual({
      error: { message: expect.stringContaining("requests per minute"), type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
    });
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.text()));
  });

  it("is raised as RateLimitError by the OpenAI SDK, and logged like any other request", async () => {
    const { key, tenantId } = await limitedTenant({ requestsPerMinute: 1 });
    const client = openaiClient(key);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "one" }] });
    const lines = captureLogLines();
    const refusal = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "two" }] });
    await expect(refusal).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const line = lines().find((entry) => entry.tenantId === tenantId && entry.status === 429);
    expect(line).toMatchObject({ error: "rate_limited", limits: { outcome: "refused", limiter: `tenant:${tenantId}` } });
    const admin = await mintKey({ role: "admin" });
    const metrics = await (await callGateway("/metrics", { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(metrics).toMatch(/switchboard_limit_decisions_total\{outcome="refused",reason="rate_limited"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_limit_decisions_total\{outcome="admitted",reason=""\} [1-9]/);
  });

  it("applies a tenant policy written as code in the config", async () => {
    const key = await mintKey({ tenantId: "tenant-configured" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(key)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("limits a key on one model apart from its other models", async () => {
    const key = await mintKey({ tenantId: `t-${crypto.randomUUID()}`, limits: { models: { "claude-sonnet": { requestsPerMinute: 1 } } } });
    const claude = () => postJson("/v1/chat/completions", key, { model: "claude-sonnet", messages: [{ role: "user", content: "hi" }], max_tokens: 20 });
    expect((await claude()).status).toBe(200);
    const refused = await claude();
    expect(refused.status).toBe(429);
    expect((await readError(refused)).error.message).toContain("this API key on this model");
    expect((await chat(key)).status).toBe(200);
  });

  it("answers Anthropic's SDK in its own shape, with Retry-After", async () => {
    const { key } = await limitedTenant({ requestsPerMinute: 1 });
    const client = anthropicClient(key);
    const ask = () => client.messages.create({ model: "claude-sonnet", max_tokens: 20, messages: [{ role: "user", content: "hi" }] });
    await ask();
    const error = await ask().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("concurrent requests", () => {
  it("admits exactly the limit at once and frees a slot when a request ends", async () => {
    const { key } = await limitedTenant({ concurrentRequests: 3 });
    const slow = () => chat(key, "[[sim delay_ms=400]] slow one");
    const responses = await Promise.all(Array.from({ length: 10 }, slow));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(3);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused).toHaveLength(7);
    expect((await readError(refused[0] as Response)).error.message).toContain("concurrent requests");
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.text()));
    await waitFor(async () => ((await chat(key)).status === 200 ? true : undefined));
  });
});

describe("a client that hangs up on a plain request", () => {
  it("frees its slot at once, though the runtime cancels the request, and is charged its reservation", async () => {
    const { key, anchor } = await limitedTenant({ concurrentRequests: 1, tokensPerMinute: 100_000 });
    const controller = new AbortController();
    const hanging = exports.default.fetch(
      new Request(`${gatewayOrigin}/v1/chat/completions`, {
        method: "POST",
        signal: controller.signal,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "[[sim delay_ms=3000]] slow" }], max_tokens: 10 }),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await chat(key)).status).toBe(429);
    controller.abort();
    await hanging.catch(() => undefined);
    // Well before the slow answer (3 s) or the reservation's expiry (minutes).
    const admitted = await waitFor(async () => {
      const response = await chat(key, "after the hang-up");
      return response.status === 200 ? response : undefined;
    }, 1500);
    expect(admitted.status).toBe(200);
    const rows = await reservationsOf(anchor);
    const reserved = Math.ceil(("user".length + "[[sim delay_ms=3000]] slow".length) / 4) + 4 + 10;
    expect(rows.find((row) => row.tokens === reserved)).toMatchObject({ state: 1 });
  });
});

describe("tokens per minute", () => {
  it("reserves the prompt estimate plus max_tokens, then settles to the real usage", async () => {
    const { key, anchor } = await limitedTenant({ tokensPerMinute: 100_000 });
    const response = await chat(key, "Count to three.", { max_tokens: 300 });
    expect(response.status).toBe(200);
    const remaining = Number(response.headers.get("x-ratelimit-remaining-tokens"));
    const reserved = 100_000 - remaining;
    expect(reserved).toBeGreaterThan(300);
    expect(reserved).toBeLessThan(330);
    const body = (await response.json()) as { usage: { total_tokens: number } };
    const [row] = await settledReservations(anchor, 1);
    expect(row?.tokens).toBe(body.usage.total_tokens);
    expect(row?.tokens).toBeLessThan(reserved);
    // The window now counts the first request at its real usage: "Again." reserves 7 + 10 tokens.
    const next = await chat(key, "Again.", { max_tokens: 10 });
    expect(Number(next.headers.get("x-ratelimit-remaining-tokens"))).toBe(100_000 - body.usage.total_tokens - 17);
  });

  it("settles a stream to the usage its last chunk reported", async () => {
    const { key, anchor } = await limitedTenant({ tokensPerMinute: 100_000 });
    const stream = await openaiClient(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Stream a little." }],
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    });
    let total: number | null = null;
    for await (const chunk of stream) if (chunk.usage) total = chunk.usage.total_tokens;
    expect(total).not.toBeNull();
    const [row] = await settledReservations(anchor, 1);
    expect(row?.tokens).toBe(total);
  });

  it("settles a stream whose client did not ask for usage to its real usage, and never shows that client a usage chunk", async () => {
    const prompt = "Stream without usage, please.";
    const unlimited = openaiClient(await mintKey({ tenantId: `free-${crypto.randomUUID()}` }));
    let expected: number | null = null;
    const measured = await unlimited.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 200, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of measured) if (chunk.usage) expected = chunk.usage.total_tokens;

    const { key, anchor } = await limitedTenant({ tokensPerMinute: 100_000 });
    const stream = await openaiClient(key).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 200, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !chunk.usage)).toBe(true);
    const [row] = await settledReservations(anchor, 1);
    expect(row?.tokens).toBe(expected);
  });

  it("keeps the whole reservation of a stream the client abandoned before its usage came", async () => {
    const { key, anchor } = await limitedTenant({ tokensPerMinute: 100_000, concurrentRequests: 1 });
    const response = await chat(key, "[[sim chunk_delay_ms=200]] A long story.", { max_tokens: 400, stream: true });
    expect(response.status).toBe(200);
    const reserved = 100_000 - Number(response.headers.get("x-ratelimit-remaining-tokens"));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    const [row] = await settledReservations(anchor, 1);
    expect(row?.tokens).toBe(reserved);
    // The abandoned stream no longer holds the only concurrency slot.
    expect((await chat(key)).status).toBe(200);
  });

  it("refuses with 400, not 429, a request that alone exceeds the per-minute limit", async () => {
    const { key } = await limitedTenant({ tokensPerMinute: 500 });
    const response = await chat(key, "hi", { max_tokens: 1000 });
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({ error: { code: "request_exceeds_token_limit", param: "max_tokens" } });
  });

  it("refuses a request the window has no room for while another holds its reservation, and says when there will be", async () => {
    const { key } = await limitedTenant({ tokensPerMinute: 400 });
    const both = await Promise.all([1, 2].map(() => chat(key, "[[sim delay_ms=300]] hi", { max_tokens: 300 })));
    expect(both.map((response) => response.status).sort()).toEqual([200, 429]);
    const refused = both.find((response) => response.status === 429) as Response;
    expect((await readError(refused)).error.message).toContain("tokens per minute");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(55);
  });
});

describe("spend budgets", () => {
  it("never lets settled spend pass the day's budget, and refuses until UTC midnight", async () => {
    const budget = 0.0001;
    const { key, anchor, tenantId } = await limitedTenant({ spendPerDay: budget });
    let refused: Response | null = null;
    for (let i = 0; i < 30 && !refused; i++) {
      const response = await chat(key, `request ${i}`, { max_tokens: 50 });
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        await response.text();
        await settledReservations(anchor, i + 1);
      }
    }
    if (!refused) throw new Error("the budget never ran out");
    expect(await readError(refused)).toMatchObject({ error: { type: "insufficient_quota", code: "insufficient_quota" } });
    const untilMidnight = Math.ceil((new Date().setUTCHours(24, 0, 0, 0) - Date.now()) / 1000);
    expect(Math.abs(Number(refused.headers.get("retry-after")) - untilMidnight)).toBeLessThanOrEqual(2);
    const spent = await spentOf(anchor, `tenant:${tenantId}`);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(budget);
    expect(refused.headers.get("x-switchboard-budget")).toMatch(/^"tenant-spend-day";q=0\.0001;r=[\d.e-]+;t=\d+$/);
  });
});

describe("headers", () => {
  it("carries IETF RateLimit fields for every limit and OpenAI's for the tightest", async () => {
    const { key } = await limitedTenant({ requestsPerMinute: 10, tokensPerMinute: 50_000 }, { keyLimits: { requestsPerMinute: 5 } });
    const response = await chat(key);
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBe('"tenant-requests";q=10;w=60, "tenant-tokens";q=50000;w=60;qu="tokens", "key-requests";q=5;w=60');
    expect(response.headers.get("ratelimit")).toMatch(/^"tenant-requests";r=9;t=60, "tenant-tokens";r=\d+;t=60, "key-requests";r=4;t=60$/);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("5");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("4");
    expect(response.headers.get("x-ratelimit-reset-requests")).toBe("1m0s");
    expect(response.headers.get("server-timing")).toContain("limits;");
  });

  it("calls no limiter and writes no limit headers for a tenant without limits", async () => {
    const key = await mintKey({ tenantId: `free-${crypto.randomUUID()}` });
    const lines = captureLogLines();
    const response = await chat(key);
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBeNull();
    expect(response.headers.get("x-ratelimit-limit-requests")).toBeNull();
    expect(response.headers.get("server-timing")).not.toContain("limits;");
    const line = lines().find((entry) => entry.requestId === response.headers.get("x-request-id"));
    expect(line?.limits).toBeNull();
  });
});
