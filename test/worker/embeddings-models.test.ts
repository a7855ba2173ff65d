import { describe, expect, it } from "vitest";
import { callGateway, mintKey, openaiClient } from "./helpers";

describe("POST /v1/embeddings", () => {
  it("returns the same vectors whether the SDK asks for base64 (its default) or floats", async () => {
    const client = openaiClient(await mintKey());
    const viaBase64 = await client.embeddings.create({ model: "text-embedding-3-small", input: ["alpha", "beta"] });
    const viaFloat = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: ["alpha", "beta"],
      encoding_format: "float",
    });
    expect(viaBase64.data).toHaveLength(2);
    expect(viaBase64.data[0]?.embedding.length).toBeGreaterThan(0);
    viaBase64.data.forEach((item, index) => {
      const floats = viaFloat.data[index]?.embedding ?? [];
      item.embedding.forEach((value, i) => expect(value).toBeCloseTo(floats[i] ?? Number.NaN, 5));
    });
    expect(viaBase64.data[0]?.embedding).not.toEqual(viaBase64.data[1]?.embedding);
    expect(viaFloat.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("honours dimensions", async () => {
    const client = openaiClient(await mintKey());
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: "x", dimensions: 8 });
    expect(result.data[0]?.embedding).toHaveLength(8);
  });
});

describe("GET /v1/models", () => {
  it("lists the configured public model names", async () => {
    const client = openaiClient(await mintKey());
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["gpt-4o-mini", "failover", "text-embedding-3-small"]));
    const one = await client.models.retrieve("gpt-4o-mini");
    expect(one).toMatchObject({ id: "gpt-4o-mini", object: "model", owned_by: "switchboard" });
  });

  it("404 for a model it does not serve", async () => {
    const response = await callGateway("/v1/models/unknown-model", {
      headers: { authorization: `Bearer ${await mintKey()}` },
    });
    expect(response.status).toBe(404);
  });
});

describe("GET /healthz", () => {
  it("answers without a key and names the service", async () => {
    const response = await callGateway("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", service: "switchboard" });
  });
});
