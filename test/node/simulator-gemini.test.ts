import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../scripts/simulator/server";
import { countTokens } from "../../scripts/simulator/tokens";

const API_KEY = "sim-key";
const CANARY = "SIM-UPSTREAM-CANARY";
const BASE = "/gemini-us/v1beta/models";

type Json = Record<string, unknown>;

interface Candidate {
  content?: { role: string; parts?: Json[] };
  finishReason?: string;
  index: number;
  safetyRatings?: Json[];
}

interface GenerateResponse {
  candidates?: Candidate[];
  promptFeedback?: { blockReason: string; safetyRatings: Json[] };
  usageMetadata: Record<string, unknown>;
  modelVersion: string;
  responseId: string;
}

let sim: RunningSimulator;

function post(path: string, body: unknown, headers: Record<string, string> = { "x-goog-api-key": API_KEY }): Promise<Response> {
  return fetch(`${sim.origin}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

function ask(text: string, extra: Json = {}): Json {
  return { contents: [{ role: "user", parts: [{ text }] }], ...extra };
}

async function generate(body: unknown, model = "gemini-2.5-flash"): Promise<GenerateResponse> {
  const response = await post(`${BASE}/${model}:generateContent`, body);
  expect(response.status).toBe(200);
  return (await response.json()) as GenerateResponse;
}

/** Parses `?alt=sse` frames: each exactly `data: <json>\r\n\r\n`, no `event:` lines and no `[DONE]`. */
async function streamSse(body: unknown, model = "gemini-2.5-flash"): Promise<Json[]> {
  const response = await post(`${BASE}/${model}:streamGenerateContent?alt=sse`, body);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const text = await response.text();
  expect(text.endsWith("\r\n\r\n")).toBe(true);
  return text
    .split("\r\n\r\n")
    .filter((frame) => frame !== "")
    .map((frame) => {
      expect(frame.startsWith("data: ")).toBe(true);
      expect(frame).not.toContain("\n");
      return JSON.parse(frame.slice("data: ".length)) as Json;
    });
}

function textOf(response: Json | GenerateResponse): string {
  const candidates = (response as GenerateResponse).candidates ?? [];
  return (candidates[0]?.content?.parts ?? []).map((part) => (typeof part.text === "string" ? part.text : "")).join("");
}

async function googleError(response: Response): Promise<{ code: number; status: string; message: string; details?: Json[] }> {
  const body = (await response.json()) as { error: { code: number; status: string; message: string; details?: Json[] } };
  expect(body.error.code).toBe(response.status);
  expect(body.error.message).toContain(CANARY);
  return body.error;
}

const weather = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    type: "OBJECT",
    properties: { city: { type: "STRING" }, days: { type: "INTEGER" }, unit: { type: "STRING", enum: ["C", "F"] } },
    required: ["city", "days", "unit"],
  },
};
const clock = { name: "get_time", parametersJsonSchema: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
});

afterAll(async () => {
  await sim.close();
});

describe("Gemini generateContent", () => {
  it("answers a GenerateContentResponse deterministically, with the key in a header or ?key=", async () => {
    const response = await generate(ask("Hello Gemini"));
    const text = "Simulated gemini-us gemini-2.5-flash reply to: Hello Gemini";
    const prompt = response.usageMetadata.promptTokenCount as number;
    expect(response).toEqual({
      candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata: {
        promptTokenCount: prompt,
        candidatesTokenCount: countTokens(text),
        totalTokenCount: prompt + countTokens(text),
        promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }],
      },
      modelVersion: "gemini-2.5-flash",
      responseId: expect.stringMatching(/^[\w-]{22}$/),
    });
    const viaQuery = await post(`${BASE}/gemini-2.5-flash:generateContent?key=${API_KEY}`, ask("Hello Gemini"), {});
    expect(await viaQuery.json()).toEqual(response);
    const pro = await generate(ask("Hello Gemini"), "gemini-2.5-pro");
    expect(textOf(pro)).toBe("Simulated gemini-us gemini-2.5-pro reply to: Hello Gemini");
  });

  it("reads systemInstruction, multi-turn contents, inline data and snake_case field names", async () => {
    const plain = await generate(ask("Describe the picture"));
    const rich = await generate({
      system_instruction: { parts: [{ text: "Answer like a pirate in one sentence" }] },
      contents: [
        { role: "user", parts: [{ text: "Hi" }] },
        { role: "model", parts: [{ text: "Ahoy" }] },
        {
          role: "user",
          parts: [{ inline_data: { mime_type: "image/png", data: "iVBORw0KGgo=" } }, { fileData: { mimeType: "image/png", fileUri: "gs://b/cat.png" } }, { text: "Describe the picture" }],
        },
      ],
      generation_config: { temperature: 0.2, top_p: 0.9 },
    });
    expect(textOf(rich)).toBe(textOf(plain));
    expect(rich.usageMetadata.promptTokenCount as number).toBeGreaterThan(plain.usageMetadata.promptTokenCount as number);

    const counted = (await (await post(`${BASE}/gemini-2.5-flash:countTokens`, ask("Describe the picture"))).json()) as Json;
    expect(counted.totalTokens).toBe(plain.usageMetadata.promptTokenCount);
  });

  it("stops at maxOutputTokens (MAX_TOKENS) and at stopSequences", async () => {
    const truncated = await generate(ask("long", { generationConfig: { maxOutputTokens: 5 } }));
    expect(textOf(truncated)).toBe("Simulated gemini-us gemini");
    expect(truncated.candidates?.[0]?.finishReason).toBe("MAX_TOKENS");
    expect(truncated.usageMetadata.candidatesTokenCount).toBe(5);

    const stopped = await generate(ask("stop", { generationConfig: { stopSequences: [" reply"] } }));
    expect(textOf(stopped)).toBe("Simulated gemini-us gemini-2.5-flash");
    expect(stopped.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it("returns candidateCount candidates", async () => {
    const two = await generate(ask("twice", { generationConfig: { candidateCount: 2 } }));
    expect(two.candidates?.map((candidate) => candidate.index)).toEqual([0, 1]);
    const single = await generate(ask("twice"));
    expect(two.usageMetadata.candidatesTokenCount).toBe((single.usageMetadata.candidatesTokenCount as number) * 2);
  });

  it("answers JSON for responseMimeType application/json, filling responseSchema", async () => {
    const schema = {
      type: "OBJECT",
      properties: { name: { type: "STRING" }, age: { type: "INTEGER" }, tags: { type: "ARRAY", items: { type: "STRING" } } },
      required: ["name", "age", "tags"],
    };
    const filled = await generate(ask("Describe Ada", { generationConfig: { responseMimeType: "application/json", responseSchema: schema } }));
    expect(JSON.parse(textOf(filled))).toEqual({ name: "Describe Ada", age: 42, tags: [] });
    const jsonSchema = await generate(
      ask("Describe Ada", {
        generationConfig: { responseMimeType: "application/json", responseJsonSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] } },
      }),
    );
    expect(JSON.parse(textOf(jsonSchema))).toEqual({ ok: true });
    const free = await generate(ask("json please [[sim reply=pong]]", { generationConfig: { responseMimeType: "application/json" } }));
    expect(JSON.parse(textOf(free))).toEqual({ reply: "pong" });
  });
});

describe("Gemini streamGenerateContent", () => {
  it("streams SSE frames whose text equals the whole reply, usage complete on the last chunk", async () => {
    const whole = await generate(ask("Stream this please"));
    const chunks = await streamSse(ask("Stream this please"));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map(textOf).join("")).toBe(textOf(whole));
    const last = chunks[chunks.length - 1] as unknown as GenerateResponse;
    expect(last.candidates?.[0]?.finishReason).toBe("STOP");
    expect(last.usageMetadata).toEqual(whole.usageMetadata);
    for (const chunk of chunks.slice(0, -1) as unknown as GenerateResponse[]) {
      expect(chunk.candidates?.[0]?.finishReason).toBeUndefined();
      expect(chunk.usageMetadata.candidatesTokenCount).toBeUndefined();
      expect(chunk.modelVersion).toBe("gemini-2.5-flash");
    }
    const ids = new Set(chunks.map((chunk) => chunk.responseId));
    expect(ids.size).toBe(1);

    const four = await streamSse(ask("Stream this please [[sim chunks=4]]"));
    expect(four).toHaveLength(4);
  });

  it("streams a JSON array without alt=sse", async () => {
    const response = await post(`${BASE}/gemini-2.5-flash:streamGenerateContent`, ask("Array stream [[sim chunks=3]]"));
    expect(response.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    const chunks = JSON.parse(await response.text()) as GenerateResponse[];
    expect(chunks).toHaveLength(3);
    expect(chunks.map(textOf).join("")).toBe("Simulated gemini-us gemini-2.5-flash reply to: Array stream");
  });

  it("stream_error=<n> ends the stream with a Google error object after n chunks", async () => {
    const chunks = await streamSse(ask("break [[sim stream_error=2 chunks=5]]"));
    expect(chunks).toHaveLength(3);
    expect(chunks[2]).toEqual({ error: { code: 503, message: expect.stringContaining(CANARY), status: "UNAVAILABLE" } });
  });

  it("cache_read=<n> reports cachedContentTokenCount", async () => {
    const whole = await generate(ask("cached [[sim cache_read=3]]"));
    expect(whole.usageMetadata.cachedContentTokenCount).toBe(3);
    const chunks = await streamSse(ask("cached [[sim cache_read=3]]"));
    expect((chunks[chunks.length - 1]?.usageMetadata as Json).cachedContentTokenCount).toBe(3);
    expect((await generate(ask("uncached"))).usageMetadata.cachedContentTokenCount).toBeUndefined();
  });
});

describe("Gemini function calling", () => {
  it("calls functions from their schemas, honours toolConfig and answers function responses", async () => {
    const tools = [{ functionDeclarations: [weather, clock] }];
    const first = await generate(ask("Weather in Paris", { tools }));
    expect(first.candidates?.[0]).toEqual({
      content: { parts: [{ functionCall: { name: "get_weather", args: { city: "Weather in Paris", days: 42, unit: "C" } } }], role: "model" },
      finishReason: "STOP",
      index: 0,
    });
    const forced = await generate(ask("Weather in Paris", { tools, toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] } } }));
    expect(forced.candidates?.[0]?.content?.parts?.[0]).toEqual({ functionCall: { name: "get_time", args: { zone: "Weather in Paris" } } });
    const none = await generate(ask("Weather in Paris", { tools, toolConfig: { functionCallingConfig: { mode: "NONE" } } }));
    expect(textOf(none)).toContain("reply to: Weather in Paris");

    const call = first.candidates?.[0]?.content?.parts?.[0] as Json;
    const followUp = await generate({
      tools,
      contents: [
        { role: "user", parts: [{ text: "Weather in Paris" }] },
        { role: "model", parts: [call] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { forecast: "Sunny" } } }] },
      ],
    });
    expect(textOf(followUp)).toBe('Simulated gemini-us gemini-2.5-flash used tool result: {"forecast":"Sunny"}');

    const chunks = await streamSse(ask("Weather in Rome", { tools }));
    expect(chunks).toHaveLength(1);
    expect((chunks[0] as unknown as GenerateResponse).candidates?.[0]?.content?.parts?.[0]).toEqual({
      functionCall: { name: "get_weather", args: { city: "Weather in Rome", days: 42, unit: "C" } },
    });
  });

  it("enforces the function call / response turn rules", async () => {
    const call = { functionCall: { name: "get_weather", args: {} } };
    const twoCalls = await post(`${BASE}/gemini-2.5-flash:generateContent`, {
      contents: [
        { role: "user", parts: [{ text: "hi" }] },
        { role: "model", parts: [call, call] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: {} } }] },
      ],
    });
    expect((await googleError(twoCalls)).message).toContain("number of function response parts is equal to the number of function call parts");
    const misplaced = await post(`${BASE}/gemini-2.5-flash:generateContent`, {
      contents: [
        { role: "user", parts: [{ text: "hi" }] },
        { role: "model", parts: [{ text: "hello" }] },
        { role: "model", parts: [call] },
      ],
    });
    expect((await googleError(misplaced)).message).toContain("function call turn comes immediately after a user turn");
  });
});

describe("Gemini safety blocks", () => {
  it("safety_block answers a SAFETY candidate without content, prompt_block a promptFeedback without candidates", async () => {
    const blocked = await generate(ask("bad [[sim safety_block]]"));
    expect(blocked.candidates).toHaveLength(1);
    const candidate = blocked.candidates?.[0];
    expect(candidate?.finishReason).toBe("SAFETY");
    expect(candidate?.content).toBeUndefined();
    expect(candidate?.safetyRatings).toContainEqual({ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true });

    const prompt = await generate(ask("worse [[sim prompt_block]]"));
    expect(prompt.candidates).toBeUndefined();
    expect(prompt.promptFeedback?.blockReason).toBe("SAFETY");
    expect(prompt.usageMetadata.promptTokenCount).toBeGreaterThan(0);

    const streamed = await streamSse(ask("bad [[sim safety_block]]"));
    expect(streamed).toHaveLength(1);
    expect((streamed[0] as unknown as GenerateResponse).candidates?.[0]?.finishReason).toBe("SAFETY");
  });
});

describe("Gemini embeddings", () => {
  it("embeds one content or a batch, with outputDimensionality", async () => {
    const one = (await (await post(`${BASE}/gemini-embedding-001:embedContent`, { content: { parts: [{ text: "alpha" }] } })).json()) as {
      embedding: { values: number[] };
    };
    expect(one.embedding.values).toHaveLength(16);
    expect(Math.hypot(...one.embedding.values)).toBeCloseTo(1, 5);

    const batch = (await (
      await post(`${BASE}/gemini-embedding-001:batchEmbedContents`, {
        requests: [
          { model: "models/gemini-embedding-001", content: { parts: [{ text: "alpha" }] } },
          { model: "models/gemini-embedding-001", content: { parts: [{ text: "beta" }] }, outputDimensionality: 8 },
        ],
      })
    ).json()) as { embeddings: { values: number[] }[] };
    expect(batch.embeddings[0]?.values).toEqual(one.embedding.values);
    expect(batch.embeddings[1]?.values).toHaveLength(8);

    const wrongModel = await post(`${BASE}/gemini-embedding-001:batchEmbedContents`, {
      requests: [{ model: "models/other", content: { parts: [{ text: "x" }] } }],
    });
    expect((await googleError(wrongModel)).status).toBe("INVALID_ARGUMENT");
    const chatModel = await post(`${BASE}/gemini-2.5-flash:embedContent`, { content: { parts: [{ text: "x" }] } });
    expect([chatModel.status, (await googleError(chatModel)).status]).toEqual([404, "NOT_FOUND"]);
    const failing = await post(`${BASE}/gemini-embedding-001:embedContent`, { content: { parts: [{ text: "x [[sim status=503]]" }] } });
    expect([failing.status, (await googleError(failing)).status]).toEqual([503, "UNAVAILABLE"]);
  });
});

describe("Gemini auth and errors", () => {
  it("answers a missing key with 403 and a wrong key with 400 API_KEY_INVALID", async () => {
    const missing = await post(`${BASE}/gemini-2.5-flash:generateContent`, ask("hi"), {});
    expect([missing.status, (await googleError(missing)).status]).toEqual([403, "PERMISSION_DENIED"]);
    const wrong = await post(`${BASE}/gemini-2.5-flash:generateContent?key=nope`, ask("hi"), {});
    const wrongError = await googleError(wrong);
    expect([wrong.status, wrongError.status]).toEqual([400, "INVALID_ARGUMENT"]);
    expect(wrongError.details?.[0]).toMatchObject({ reason: "API_KEY_INVALID" });
  });

  it("rejects bad requests with Google's error shape", async () => {
    const cases: [Json, string][] = [
      [{ messages: [] }, 'Unknown name "messages"'],
      [{}, "contents is not specified"],
      [{ contents: [{ role: "assistant", parts: [{ text: "x" }] }] }, "Please use a valid role: user, model."],
      [{ contents: [{ role: "user", parts: [] }] }, "contents.parts must not be empty"],
      [{ contents: [{ role: "user", parts: [{}] }] }, "required oneof field 'data'"],
      [ask("x", { generationConfig: { max_tokens: 5 } }), `Unknown name "max_tokens" at 'generation_config'`],
      [ask("x", { generationConfig: { responseMimeType: "text/html" } }), "allowed mimetypes"],
      [ask("x", { toolConfig: { functionCallingConfig: { mode: "AUTO", allowedFunctionNames: ["get_weather"] } }, tools: [{ functionDeclarations: [weather] }] }), "Mode is ANY"],
    ];
    for (const [body, message] of cases) {
      const response = await post(`${BASE}/gemini-2.5-flash:generateContent`, body);
      const error = await googleError(response);
      expect([response.status, error.status]).toEqual([400, "INVALID_ARGUMENT"]);
      expect(error.message).toContain(message);
    }
    const unknownModel = await post(`${BASE}/gemini-9:generateContent`, ask("hi"));
    const notFound = await googleError(unknownModel);
    expect([unknownModel.status, notFound.status]).toEqual([404, "NOT_FOUND"]);
    expect(notFound.message).toContain("models/gemini-9 is not found for API version v1beta");
  });

  it("answers status directives with google.rpc codes, 429 carrying RetryInfo", async () => {
    const expected: [number, string][] = [
      [400, "INVALID_ARGUMENT"],
      [401, "UNAUTHENTICATED"],
      [403, "PERMISSION_DENIED"],
      [404, "NOT_FOUND"],
      [429, "RESOURCE_EXHAUSTED"],
      [500, "INTERNAL"],
      [503, "UNAVAILABLE"],
    ];
    for (const [status, name] of expected) {
      const response = await post(`${BASE}/gemini-2.5-flash:generateContent`, ask(`fail [[sim status=${status} retry_after=7]]`));
      const error = await googleError(response);
      expect([response.status, error.status]).toEqual([status, name]);
      if (status === 429) expect(error.details).toEqual([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" }]);
    }
    const typo = await post(`${BASE}/gemini-2.5-flash:generateContent`, ask("x [[sim content_filter]]"));
    expect((await googleError(typo)).message).toContain("content_filter is only simulated for azure providers");
  });

  it("records requests under the provider's path prefix and lists models", async () => {
    const marker = `gemini-marker-${Date.now()}`;
    await post(`${BASE}/gemini-2.5-flash:streamGenerateContent?alt=sse`, ask(`find ${marker}`)).then((response) => response.text());
    const { data } = (await (await fetch(`${sim.origin}/_sim/requests?contains=${marker}`)).json()) as {
      data: { provider: string; path: string; headers: Record<string, string> }[];
    };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ provider: "gemini-us", path: `${BASE}/gemini-2.5-flash:streamGenerateContent?alt=sse` });
    expect(data[0]?.headers["x-goog-api-key"]).toBe(API_KEY);

    const models = (await (await fetch(`${sim.origin}${BASE}`, { headers: { "x-goog-api-key": API_KEY } })).json()) as { models: { name: string }[] };
    expect(models.models.map((model) => model.name)).toEqual(["models/gemini-2.5-flash", "models/gemini-2.5-pro", "models/gemini-embedding-001"]);
  });
});
