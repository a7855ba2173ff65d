import OpenAI, { AzureOpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../scripts/simulator/server";
import { rejectionOf } from "../support/rejection-of";

const API_KEY = "sim-key";
const CANARY = "SIM-UPSTREAM-CANARY";
const API_VERSION = "2024-10-21";
const CHAT = `/azure-eu/openai/deployments/gpt-4o-mini/chat/completions?api-version=${API_VERSION}`;

type Json = Record<string, unknown>;

let sim: RunningSimulator;
let client: AzureOpenAI;

function post(path: string, body: unknown, headers: Record<string, string> = { "api-key": API_KEY }): Promise<Response> {
  return fetch(`${sim.origin}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

function ask(content: string, extra: Json = {}): Json {
  return { messages: [{ role: "user", content }], ...extra };
}

async function errorBody(response: Response): Promise<{ code: string | null; message: string } & Json> {
  const body = (await response.json()) as { error: { code: string | null; message: string } & Json };
  expect(body.error.message).toContain(CANARY);
  return body.error;
}


const SAFE = { filtered: false, severity: "safe" };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  client = new AzureOpenAI({ apiKey: API_KEY, endpoint: `${sim.origin}/azure-eu`, apiVersion: API_VERSION, maxRetries: 0 });
});

afterAll(async () => {
  await sim.close();
});

describe("Azure OpenAI chat completions", () => {
  it("answers through the AzureOpenAI SDK, the deployment naming the model", async () => {
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello Azure" }] });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion.choices[0]?.message.content).toBe("Simulated azure-eu gpt-4o-mini reply to: Hello Azure");

    // Azure ignores the body's model (the URL names the deployment), so it may be left out.
    const raw = await post(CHAT, ask("Hello Azure"));
    expect(raw.status).toBe(200);
    expect(raw.headers.get("apim-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await raw.json()) as Json & { choices: Json[] };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.prompt_filter_results).toEqual([
      { prompt_index: 0, content_filter_results: { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE } },
    ]);
    expect(body.choices[0]?.content_filter_results).toEqual({
      hate: SAFE,
      protected_material_code: { filtered: false, detected: false },
      protected_material_text: { filtered: false, detected: false },
      self_harm: SAFE,
      sexual: SAFE,
      violence: SAFE,
    });
  });

  it("streams with the prompt filter chunk first and filter results on content chunks", async () => {
    const response = await post(CHAT, ask("Stream from Azure [[sim chunks=2]]", { stream: true }));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const frames = (await response.text()).split("\n\n").filter((frame) => frame !== "");
    expect(frames.every((frame) => frame.startsWith("data: "))).toBe(true);
    expect(frames[frames.length - 1]).toBe("data: [DONE]");
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice(6)) as Json & { choices: Json[] });
    expect(chunks).toHaveLength(5); // prompt filters, role, 2 content, finish
    expect(chunks[0]).toMatchObject({ choices: [], id: "", object: "", model: "", created: 0 });
    expect(chunks[0]?.prompt_filter_results).toBeDefined();
    expect(chunks[1]?.choices[0]?.content_filter_results).toEqual({});
    expect(chunks[2]?.choices[0]?.content_filter_results).toMatchObject({ hate: SAFE, violence: SAFE });
    expect(chunks[4]?.choices[0]).toMatchObject({ finish_reason: "stop", content_filter_results: {} });

    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "Stream from Azure" }] });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("Simulated azure-eu gpt-4o-mini reply to: Stream from Azure");
  });

  it("calls tools as OpenAI does", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Lookup order" }],
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" ? JSON.parse(call.function.arguments) : undefined).toEqual({ id: "Lookup order" });
  });

  it("embeds through the embeddings deployment", async () => {
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: ["alpha", "beta"], encoding_format: "float" });
    expect(result.data.map((entry) => entry.embedding.length)).toEqual([16, 16]);
    const raw = await post(`/azure-eu/openai/deployments/text-embedding-3-small/embeddings?api-version=${API_VERSION}`, { input: "alpha", dimensions: 4 });
    const body = (await raw.json()) as { data: { embedding: number[] }[]; model: string };
    expect(body.model).toBe("text-embedding-3-small");
    expect(body.data[0]?.embedding).toHaveLength(4);
  });
});

describe("Azure errors", () => {
  it("requires the api-key header (Azure's 401 shape)", async () => {
    const attempts: Record<string, string>[] = [{}, { "api-key": "wrong" }, { authorization: `Bearer ${API_KEY}` }];
    for (const headers of attempts) {
      const response = await post(CHAT, ask("hi"), headers);
      expect(response.status).toBe(401);
      const error = await errorBody(response);
      expect(error.code).toBe("401");
      expect(error.message).toContain("Access denied due to invalid subscription key or wrong API endpoint.");
    }
    const sdkError = await rejectionOf(
      new AzureOpenAI({ apiKey: "wrong", endpoint: `${sim.origin}/azure-eu`, apiVersion: API_VERSION, maxRetries: 0 }).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(sdkError).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("answers a missing api-version with Azure's 404, an unsupported one with a 400", async () => {
    const missing = await post("/azure-eu/openai/deployments/gpt-4o-mini/chat/completions", ask("hi"));
    expect(missing.status).toBe(404);
    expect(await errorBody(missing)).toEqual({ code: "404", message: `Resource not found (${CANARY})` });
    const unsupported = await post("/azure-eu/openai/deployments/gpt-4o-mini/chat/completions?api-version=latest-and-greatest", ask("hi"));
    expect(unsupported.status).toBe(400);
    expect(await errorBody(unsupported)).toEqual({ code: "BadRequest", message: `API version not supported (${CANARY})` });
  });

  it("answers unknown deployments, wrong operations and unknown paths", async () => {
    const unknown = await post(`/azure-eu/openai/deployments/gpt-9/chat/completions?api-version=${API_VERSION}`, ask("hi"));
    expect(unknown.status).toBe(404);
    expect((await errorBody(unknown)).code).toBe("DeploymentNotFound");
    const wrongOperation = await post(`/azure-eu/openai/deployments/gpt-4o-mini/embeddings?api-version=${API_VERSION}`, { input: "x" });
    expect(wrongOperation.status).toBe(400);
    expect((await errorBody(wrongOperation)).code).toBe("OperationNotSupported");
    const unknownPath = await post(`/azure-eu/openai/deployments/gpt-4o-mini/completions?api-version=${API_VERSION}`, { prompt: "x" });
    expect(unknownPath.status).toBe(404);
    expect((await errorBody(unknownPath)).code).toBe("404");
    const invalid = await post(CHAT, { messages: [] });
    expect(invalid.status).toBe(400);
    expect((await errorBody(invalid)).type).toBe("invalid_request_error");
  });

  it("content_filter answers Azure's content-management 400", async () => {
    const response = await post(CHAT, ask("something nasty [[sim content_filter]]"));
    expect(response.status).toBe(400);
    const error = await errorBody(response);
    expect(error).toMatchObject({
      type: null,
      param: "prompt",
      code: "content_filter",
      status: 400,
      innererror: {
        code: "ResponsibleAIPolicyViolation",
        content_filter_result: { hate: { filtered: true, severity: "high" }, self_harm: SAFE, sexual: SAFE, violence: SAFE },
      },
    });
    expect(error.message).toContain("The response was filtered due to the prompt triggering Azure OpenAI's content management policy.");
    const sdkError = await rejectionOf(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "nasty [[sim content_filter]]" }] }),
    );
    expect(sdkError).toBeInstanceOf(OpenAI.BadRequestError);
    expect(sdkError instanceof OpenAI.APIError ? sdkError.code : undefined).toBe("content_filter");
    const embedding = await post(`/azure-eu/openai/deployments/text-embedding-3-small/embeddings?api-version=${API_VERSION}`, {
      input: "nasty [[sim content_filter]]",
    });
    expect((await errorBody(embedding)).code).toBe("content_filter");
  });

  it("answers 429 with retry-after and retry-after-ms, and 5xx", async () => {
    const limited = await post(CHAT, ask("slow down [[sim status=429 retry_after=2]]"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.headers.get("retry-after-ms")).toBe("2000");
    const error = await errorBody(limited);
    expect(error.code).toBe("429");
    expect(error.message).toContain(`ChatCompletions_Create Operation under Azure OpenAI API version ${API_VERSION}`);
    for (const status of [500, 503]) {
      const failed = await post(CHAT, ask(`fail [[sim status=${status}]]`));
      expect(failed.status).toBe(status);
      await errorBody(failed);
    }
  });

  it("records requests with the provider prefix and the query string", async () => {
    const marker = `azure-marker-${Date.now()}`;
    await post(CHAT, ask(`find ${marker}`));
    const { data } = (await (await fetch(`${sim.origin}/_sim/requests?contains=${marker}`)).json()) as {
      data: { provider: string; path: string; headers: Record<string, string> }[];
    };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ provider: "azure-eu", path: CHAT });
    expect(data[0]?.headers["api-key"]).toBe(API_KEY);
  });
});

describe("OpenAI-format directives shared by OpenAI and Azure", () => {
  it("cache_read=<n> adds prompt_tokens_details.cached_tokens", async () => {
    const azure = (await (await post(CHAT, ask("cached [[sim cache_read=3]]"))).json()) as { usage: Json };
    expect(azure.usage.prompt_tokens_details).toEqual({ cached_tokens: 3 });
    const openai = new OpenAI({ apiKey: API_KEY, baseURL: `${sim.origin}/openai-us/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "cached [[sim cache_read=3]]" }] });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(3);
    const plain = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "not cached" }] });
    expect(plain.usage?.prompt_tokens_details).toBeUndefined();
  });

  it("stream_error=<n> ends an OpenAI stream with an error event after n content chunks", async () => {
    const response = await post(CHAT, ask("break [[sim stream_error=1 chunks=3]]", { stream: true }));
    const frames = (await response.text()).split("\n\n").filter((frame) => frame !== "");
    expect(frames).toHaveLength(4); // prompt filters, role, 1 content chunk, error
    expect(JSON.parse(frames[3]?.slice(6) ?? "")).toEqual({
      error: { message: expect.stringContaining(CANARY), type: "server_error", param: null, code: null },
    });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "break [[sim stream_error=2]]" }] });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? "");
      })(),
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(seen.filter((piece) => piece !== "")).toHaveLength(2);
  });
});
