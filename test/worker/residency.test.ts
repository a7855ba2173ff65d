import { describe, expect, it } from "vitest";
import { anthropicClient, mintKey, postJson, readError, upstreamRequestsContaining } from "./helpers";

const chat = (model: string, content: string) => ({ model, messages: [{ role: "user", content }] });
const inAsia = { country: "JP", continent: "AS" } as const;

describe("data residency that refuses", () => {
  it("serves an EU-pinned key only from EU targets, even when a US target comes first and the caller is in Asia", async () => {
    const key = await mintKey({ jurisdiction: "eu" });
    const response = await postJson("/v1/chat/completions", key, chat("gpt-4o-mini", "pinned"), {}, inAsia);
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(response.headers.get("x-switchboard-route")).toBe("region=ap; jurisdiction=eu; strategy=ordered; candidates=mini-eu; attempts=1");
  });

  it("fails with a clear 403 when the model has no target in the jurisdiction, and calls nobody", async () => {
    const marker = `residency-${crypto.randomUUID()}`;
    const response = await postJson("/v1/embeddings", await mintKey({ jurisdiction: "eu" }), { model: "text-embedding-3-small", input: marker });
    expect(response.status).toBe(403);
    expect((await readError(response)).error).toMatchObject({ type: "permission_error", code: "residency_restricted", param: "model" });
    expect(await upstreamRequestsContaining(marker)).toEqual([]);
  });

  it("never crosses the border when every EU target is down", async () => {
    const marker = `border-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", await mintKey({ jurisdiction: "eu" }), chat("eu-down", marker));
    expect(response.status).toBe(502);
    expect(response.headers.get("x-switchboard-route")).toBe("region=unknown; jurisdiction=eu; strategy=ordered; candidates=flaky-eu; attempts=1; fallback=upstream_failed");
    const sent = await upstreamRequestsContaining(marker);
    expect(sent.map((request) => request.provider)).toEqual(["flaky"]);

    // The same request from an unpinned key is served by the US target.
    const unpinned = await postJson("/v1/chat/completions", await mintKey(), chat("eu-down", "unpinned"));
    expect(unpinned.status).toBe(200);
    expect(unpinned.headers.get("x-switchboard-target")).toBe("mini-us");
  });

  it("requires the data policies a key asks for", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey({ requiredDataPolicies: ["zero-retention"] }), chat("gpt-4o-mini", "policies"));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    const none = await postJson("/v1/chat/completions", await mintKey({ requiredDataPolicies: ["no-training"] }), chat("claude-sonnet", "x"));
    expect(none.status).toBe(403);
    expect((await readError(none)).error.message).toContain("no-training");
  });

  it("refuses in Anthropic's shape on /v1/messages", async () => {
    const client = anthropicClient(await mintKey({ jurisdiction: "eu" }));
    await expect(client.messages.create({ model: "claude-sonnet", max_tokens: 10, messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 403,
      error: { type: "error", error: { type: "permission_error" } },
    });
  });
});
