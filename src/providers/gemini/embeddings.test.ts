import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors/gateway-error";
import { type EmbeddingsRequest, embeddingsRequestSchema } from "../../schemas/openai/embeddings";
import { createGeminiAdapter } from "./index";

const adapter = createGeminiAdapter({ kind: "gemini", region: "us", baseUrl: "https://gemini.internal/v1beta/" });
const call = { upstreamModel: "gemini-embedding-001", apiKey: "AIza-test-key" };

function translation() {
  if (adapter.embeddings === null) throw new Error("Gemini serves embeddings");
  return adapter.embeddings;
}

const embed = (body: Record<string, unknown>): EmbeddingsRequest => embeddingsRequestSchema.parse({ model: "embed", ...body });

/** A `batchEmbedContents` answer in the API reference's shape, vectors shortened. */
const batchAnswer = `{
  "embeddings": [
    {
      "values": [
        0.013168523,
        -0.008711934,
        -0.046782676,
        0.00069968984
      ]
    },
    {
      "values": [
        -0.0214607,
        0.0095733,
        0.0031268,
        -0.0431137
      ]
    }
  ]
}`;

function decodeFloat32(base64: string): number[] {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

describe("Gemini embeddings", () => {
  it("sends one batchEmbedContents request per input, with the output dimensionality", () => {
    const upstream = translation().request(embed({ input: ["first", "second"], dimensions: 768 }), call);
    expect(upstream).toMatchObject({
      transport: "http",
      url: "https://gemini.internal/v1beta/models/gemini-embedding-001:batchEmbedContents",
      headers: { "x-goog-api-key": "AIza-test-key" },
    });
    if (upstream.transport !== "http" || upstream.body === null) throw new Error("expected an HTTP body");
    expect(JSON.parse(upstream.body)).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "first" }] }, outputDimensionality: 768 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "second" }] }, outputDimensionality: 768 },
      ],
    });
    const single = translation().request(embed({ input: "only" }), call);
    expect(single.transport === "http" && single.body !== null && JSON.parse(single.body)).toEqual({
      requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "only" }] } }],
    });
  });

  it("refuses token arrays as the client's error", () => {
    for (const input of [[1, 2, 3], [[1, 2], [3]]]) {
      try {
        translation().request(embed({ input }), call);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).reason).toMatchObject({ kind: "invalid_request", param: "input" });
      }
    }
  });

  it("answers OpenAI's float list with zero usage in the body and no usage for metering", () => {
    const translated = translation().response(batchAnswer, embed({ input: ["first", "second"], encoding_format: "float" }));
    expect(JSON.parse(translated.body)).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.013168523, -0.008711934, -0.046782676, 0.00069968984] },
        { object: "embedding", index: 1, embedding: [-0.0214607, 0.0095733, 0.0031268, -0.0431137] },
      ],
      model: "embed",
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    expect(translated.usage).toBeNull();
  });

  it("answers base64 little-endian float32 when asked, as the OpenAI SDK does by default", () => {
    const translated = translation().response(batchAnswer, embed({ input: ["first", "second"], encoding_format: "base64" }));
    const data = (JSON.parse(translated.body) as { data: Array<{ embedding: string }> }).data;
    // Computed apart, with Node's Buffer.writeFloatLE.
    expect(data[0]?.embedding).toBe("ysBXPIC8Drwxnz+9ZGs3Og==");
    expect(decodeFloat32(data[0]?.embedding ?? "")).toEqual([0.013168523, -0.008711934, -0.046782676, 0.00069968984].map(Math.fround));
    expect(decodeFloat32(data[1]?.embedding ?? "")).toEqual([-0.0214607, 0.0095733, 0.0031268, -0.0431137].map(Math.fround));
  });

  it("normalizes shortened embeddings to unit length, as OpenAI's are", () => {
    const translated = translation().response('{"embeddings":[{"values":[3,4]}]}', embed({ input: "x", dimensions: 2 }));
    expect(JSON.parse(translated.body)).toMatchObject({ data: [{ embedding: [0.6, 0.8] }] });
  });
});
