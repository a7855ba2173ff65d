import { describe, expect, it } from "vitest";
import { mintKey, postJson } from "./helpers";

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

describe("streaming pass-through", () => {
  it("delivers the first chunk long before the upstream has finished", async () => {
    const key = await mintKey();
    const startedAt = Date.now();
    const response = await postJson("/v1/chat/completions", key, {
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "slow please [[sim chunk_delay_ms=250 chunks=5]]" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const first = await reader.read();
    const firstAt = Date.now() - startedAt;
    const rest = await readAll(reader);
    const endAt = Date.now() - startedAt;

    expect(new TextDecoder().decode(first.value)).toMatch(/^data: \{/);
    // Five pauses of 250 ms lie between the first chunk and the end of the upstream stream.
    expect(endAt - firstAt).toBeGreaterThanOrEqual(900);
    expect(rest.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("passes the upstream's SSE bytes through unchanged", async () => {
    const key = await mintKey();
    const response = await postJson("/v1/chat/completions", key, {
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "exact bytes [[sim reply=alpha chunks=1]]" }],
    });
    const text = await readAll(response.body!.getReader());
    const events = text.split("\n\n").filter((event) => event !== "");
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    const deltas = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.slice(6)) as { choices: Array<{ delta: { content?: string } }> })
      .map((chunk) => chunk.choices[0]?.delta.content ?? "")
      .join("");
    expect(deltas).toBe("alpha");
  });

  it("fails over before the first byte when the first target cannot stream", async () => {
    const key = await mintKey();
    const response = await postJson("/v1/chat/completions", key, {
      model: "failover",
      stream: true,
      messages: [{ role: "user", content: "stream after failures" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(response.headers.get("x-switchboard-attempts")).toBe("4");
    expect(await readAll(response.body!.getReader())).toContain("data: [DONE]");
  });
});
