import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type ProviderFaults, type RunningSimulator } from "../../scripts/simulator/server";

const API_KEY = "sim-key";
const CANARY = "SIM-UPSTREAM-CANARY";

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
});

afterAll(async () => {
  await sim.close();
});

afterEach(async () => {
  const cleared = await fetch(`${sim.origin}/_sim/faults`, { method: "DELETE" });
  expect(cleared.status).toBe(200);
});

function putFaults(provider: string, body: unknown): Promise<Response> {
  return fetch(`${sim.origin}/_sim/faults/${provider}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function setFaults(provider: string, faults: ProviderFaults): Promise<void> {
  const response = await putFaults(provider, faults);
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A request to one of the default providers in its own wire format, with a per-format valid body. */
function chat(provider: string, prompt: string, options: { stream?: boolean; signal?: AbortSignal } = {}): Promise<Response> {
  const stream = options.stream === true;
  if (provider.startsWith("anthropic")) {
    return fetch(`${sim.origin}/${provider}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": API_KEY, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 100, stream, messages: [{ role: "user", content: prompt }] }),
      signal: options.signal,
    });
  }
  if (provider.startsWith("gemini")) {
    const method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
    return fetch(`${sim.origin}/${provider}/v1beta/models/gemini-2.5-flash:${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-api-key": API_KEY },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: prompt }] }] }),
      signal: options.signal,
    });
  }
  if (provider.startsWith("azure")) {
    return fetch(`${sim.origin}/${provider}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`, {
      method: "POST",
      headers: { "content-type": "application/json", "api-key": API_KEY },
      body: JSON.stringify({ stream, messages: [{ role: "user", content: prompt }] }),
      signal: options.signal,
    });
  }
  return fetch(`${sim.origin}/${provider}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ model: "gpt-4o-mini", stream, messages: [{ role: "user", content: prompt }] }),
    signal: options.signal,
  });
}

function embed(provider: string, text: string): Promise<Response> {
  if (provider.startsWith("gemini")) {
    return fetch(`${sim.origin}/${provider}/v1beta/models/gemini-embedding-001:embedContent`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-api-key": API_KEY },
      body: JSON.stringify({ content: { parts: [{ text }] } }),
    });
  }
  return fetch(`${sim.origin}/${provider}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ model: "text-embedding-3-small", input: text }),
  });
}

/** The statuses of `count` sequential plain chat requests. */
async function statuses(provider: string, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await chat(provider, `request ${index}`);
    await response.arrayBuffer();
    seen.push(response.status);
  }
  return seen;
}

/** Resolves to what `promise` settles to, or "pending" if it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "pending"> {
  return Promise.race([promise, new Promise<"pending">((resolve) => setTimeout(resolve, ms, "pending"))]);
}

describe("run-time faults: timing", () => {
  it("adds latencyMs before the headers of every endpoint", async () => {
    await setFaults("openai-us", { latencyMs: 300 });
    for (const send of [() => chat("openai-us", "slow"), () => chat("openai-us", "slow", { stream: true }), () => embed("openai-us", "slow")]) {
      const started = performance.now();
      const response = await send();
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  });

  it("delays the first stream chunk by ttftMs", async () => {
    await setFaults("anthropic-us", { ttftMs: 400 });
    const started = performance.now();
    const response = await chat("anthropic-us", "first token late", { stream: true });
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    await reader.read();
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    await reader.cancel();
  });
});

describe("run-time faults: errors", () => {
  it("answers errorStatus in each provider's own error format, with the canary", async () => {
    await setFaults("openai-us", { errorStatus: 503 });
    await setFaults("anthropic-us", { errorStatus: 529 });
    await setFaults("gemini-us", { errorStatus: 503 });
    await setFaults("azure-eu", { errorStatus: 500 });

    const openai = await chat("openai-us", "fail");
    expect(openai.status).toBe(503);
    const openaiBody = (await openai.json()) as { error: { message: string; type: string } };
    expect(openaiBody.error.type).toBe("server_error");
    expect(openaiBody.error.message).toContain(CANARY);

    const anthropic = await chat("anthropic-us", "fail", { stream: true });
    expect(anthropic.status).toBe(529);
    expect(anthropic.headers.get("request-id")).toMatch(/^req_/);
    const anthropicBody = (await anthropic.json()) as { type: string; error: { type: string; message: string } };
    expect(anthropicBody.type).toBe("error");
    expect(anthropicBody.error.type).toBe("overloaded_error");
    expect(anthropicBody.error.message).toContain(CANARY);

    const gemini = await chat("gemini-us", "fail");
    expect(gemini.status).toBe(503);
    const geminiBody = (await gemini.json()) as { error: { code: number; status: string; message: string } };
    expect(geminiBody.error).toMatchObject({ code: 503, status: "UNAVAILABLE" });
    expect(geminiBody.error.message).toContain(CANARY);

    const azure = await chat("azure-eu", "fail");
    expect(azure.status).toBe(500);
    expect(((await azure.json()) as { error: { message: string } }).error.message).toContain(CANARY);
  });

  it("fails embeddings too", async () => {
    await setFaults("openai-eu", { errorStatus: 502 });
    await setFaults("gemini-us", { errorStatus: 500 });
    expect((await embed("openai-eu", "vector")).status).toBe(502);
    const gemini = await embed("gemini-us", "vector");
    expect(gemini.status).toBe(500);
    expect(((await gemini.json()) as { error: { status: string } }).error.status).toBe("INTERNAL");
  });

  it("fails a deterministic fraction with errorRate, repeated when the faults are replaced", async () => {
    await setFaults("openai-ap", { errorStatus: 500, errorRate: 0.5 });
    const first = await statuses("openai-ap", 20);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(2);
    expect(failures).toBeLessThan(18);
    expect(first.every((status) => status === 200 || status === 500)).toBe(true);

    await setFaults("openai-ap", { errorStatus: 500, errorRate: 0.5 });
    expect(await statuses("openai-ap", 20)).toEqual(first);
  });

  it("answers a deterministic fraction 429 with Retry-After", async () => {
    await setFaults("anthropic-eu", { rateLimitRate: 0.4, retryAfterSeconds: 7 });
    const seen: { status: number; retryAfter: string | null; type: string | undefined }[] = [];
    for (let index = 0; index < 20; index += 1) {
      const response = await chat("anthropic-eu", `limited ${index}`);
      const body = (await response.json()) as { error?: { type: string } };
      seen.push({ status: response.status, retryAfter: response.headers.get("retry-after"), type: body.error?.type });
    }
    const limited = seen.filter((entry) => entry.status === 429);
    expect(limited.length).toBeGreaterThan(2);
    expect(limited.length).toBeLessThan(18);
    for (const entry of limited) expect(entry).toEqual({ status: 429, retryAfter: "7", type: "rate_limit_error" });
    expect(seen.filter((entry) => entry.status !== 429).every((entry) => entry.status === 200)).toBe(true);

    await setFaults("anthropic-eu", { rateLimitRate: 0.4, retryAfterSeconds: 7 });
    expect(await statuses("anthropic-eu", 20)).toEqual(seen.map((entry) => entry.status));
  });

  it("puts Gemini's retry delay in a RetryInfo detail, not a header", async () => {
    await setFaults("gemini-us", { rateLimitRate: 1, retryAfterSeconds: 12 });
    const response = await chat("gemini-us", "quota");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBeNull();
    const body = (await response.json()) as { error: { status: string; details: { "@type": string; retryDelay: string }[] } };
    expect(body.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(body.error.details).toContainEqual({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" });
  });

  it("lets a request's own directives win over the faults", async () => {
    await setFaults("openai-us", { errorStatus: 503 });
    const directed = await chat("openai-us", "teapot [[sim status=418]]");
    expect(directed.status).toBe(418);
    await directed.arrayBuffer();

    await setFaults("openai-us", { latencyMs: 2_000 });
    const started = performance.now();
    const quick = await chat("openai-us", "quick [[sim delay_ms=0]]");
    expect(quick.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe("run-time faults: broken connections", () => {
  it("resets the connection before any response", async () => {
    await setFaults("openai-us", { resetRate: 1 });
    const error = await chat("openai-us", "reset me").then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error instanceof Error ? error.cause : error)).toMatch(/other side closed/);
    await expect(chat("openai-us", "reset me", { stream: true })).rejects.toThrow(TypeError);
    await expect(embed("openai-us", "reset me")).rejects.toThrow(TypeError);
  });

  it("stalls a stream after stallAfterChunks chunks until the client leaves", async () => {
    await setFaults("openai-us", { stallAfterChunks: 2 });
    const controller = new AbortController();
    const response = await chat("openai-us", "stall me", { stream: true, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    let text = "";
    while ((text.match(/^data: /gm) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended");
      text += new TextDecoder().decode(value);
    }
    expect((text.match(/^data: /gm) ?? []).length).toBe(2);
    expect(await within(reader.read(), 400)).toBe("pending");
    controller.abort();
  });

  it("hangs every request until the client leaves", async () => {
    await setFaults("gemini-us", { hang: true });
    const controller = new AbortController();
    const pending = chat("gemini-us", "hang", { signal: controller.signal });
    expect(await within(pending, 300)).toBe("pending");
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe("run-time faults: scope and control", () => {
  it("keeps faults to their provider, and clearing restores normal answers", async () => {
    await setFaults("openai-eu", { errorStatus: 500 });
    expect((await chat("openai-eu", "broken")).status).toBe(500);
    const healthy = await chat("openai-us", "healthy");
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(
      "Simulated openai-us gpt-4o-mini reply to: healthy",
    );

    const cleared = await fetch(`${sim.origin}/_sim/faults/openai-eu`, { method: "DELETE" });
    expect(await cleared.json()).toEqual({ cleared: ["openai-eu"] });
    expect((await chat("openai-eu", "recovered")).status).toBe(200);
  });

  it("lists, replaces and clears faults over HTTP", async () => {
    await setFaults("openai-us", { latencyMs: 10, errorStatus: 503, errorRate: 0.25 });
    const replaced = await putFaults("anthropic-us", { errorStatus: 500 });
    expect(await replaced.json()).toEqual({ provider: "anthropic-us", faults: { errorStatus: 500, errorRate: 1 } });
    await setFaults("openai-us", { ttftMs: 50 });

    const all = await fetch(`${sim.origin}/_sim/faults`);
    expect(await all.json()).toEqual({
      faults: { "openai-us": { ttftMs: 50 }, "anthropic-us": { errorStatus: 500, errorRate: 1 } },
    });
    const one = await fetch(`${sim.origin}/_sim/faults/openai-us`);
    expect(await one.json()).toEqual({ provider: "openai-us", faults: { ttftMs: 50 } });

    const cleared = await fetch(`${sim.origin}/_sim/faults`, { method: "DELETE" });
    expect(((await cleared.json()) as { cleared: string[] }).cleared.sort()).toEqual(["anthropic-us", "openai-us"]);
    expect(await (await fetch(`${sim.origin}/_sim/faults`)).json()).toEqual({ faults: {} });
  });

  it("offers the same operations on the simulator handle", async () => {
    sim.setFaults("openai-us", { errorStatus: 502 });
    expect(sim.getFaults()).toEqual({ "openai-us": { errorStatus: 502, errorRate: 1 } });
    expect((await chat("openai-us", "handle")).status).toBe(502);
    sim.clearFaults("openai-us");
    expect((await chat("openai-us", "handle")).status).toBe(200);

    sim.setFaults("openai-eu", { rateLimitRate: 1 });
    sim.clearFaults();
    expect(sim.getFaults()).toEqual({});
    expect(() => sim.setFaults("nowhere", {})).toThrow(/Unknown simulated provider "nowhere"/);
    expect(() => sim.setFaults("openai-us", { resetRate: 2 })).toThrow(/"resetRate" must be a number from 0 to 1/);
  });

  it("rejects invalid faults with a clear 400, and unknown providers with a 404", async () => {
    const cases: [unknown, RegExp][] = [
      [{ latency: 5 }, /Unknown field "latency"/],
      [{ errorStatus: 200 }, /"errorStatus" must be an integer from 400 to 599, got 200/],
      [{ errorStatus: 500, errorRate: 1.5 }, /"errorRate" must be a number from 0 to 1/],
      [{ errorRate: 0.5 }, /"errorRate" needs "errorStatus"/],
      [{ latencyMs: -1 }, /"latencyMs" must be an integer/],
      [{ stallAfterChunks: 1.5 }, /"stallAfterChunks" must be an integer/],
      [{ hang: "yes" }, /"hang" must be a boolean/],
      [{ rateLimitRate: null }, /"rateLimitRate" must be a number/],
      [[1, 2], /must be a JSON object/],
      ["{not json", /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const response = await putFaults("openai-us", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = ((await response.json()) as { error: { message: string } }).error;
      expect(error.message).toMatch(message);
    }
    expect(await (await fetch(`${sim.origin}/_sim/faults`)).json()).toEqual({ faults: {} });

    const unknown = await putFaults("nowhere", { latencyMs: 5 });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('"nowhere"');
    expect((await fetch(`${sim.origin}/_sim/faults/nowhere`, { method: "DELETE" })).status).toBe(404);
    const wrongMethod = await fetch(`${sim.origin}/_sim/faults`, { method: "POST", body: "{}" });
    expect(wrongMethod.status).toBe(405);
  });
});
