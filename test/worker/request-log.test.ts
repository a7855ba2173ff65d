import { afterEach, describe, expect, it, vi } from "vitest";
import { simulatorTestKey } from "../support/constants";
import { captureLogLines, mintKey, postJson, waitFor } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the request log line", () => {
  it("tells operators why each failed attempt failed", async () => {
    const lines = captureLogLines();
    const response = await postJson("/v1/chat/completions", await mintKey(), { model: "failover", messages: [{ role: "user", content: "x" }] });
    expect(response.status).toBe(200);
    const line = await waitFor(() => lines().find((l) => l.requestId === response.headers.get("x-request-id")));
    const attempts = line.attempts as Array<{ outcome: string; detail?: string }>;
    expect(attempts.map((a) => a.outcome)).toEqual(["upstream_failed", "upstream_unreachable", "provider_misconfigured", "ok"]);
    expect(attempts[2]?.detail).toContain("UNSET_PROVIDER_KEY");
  });

  it("names the route and usage but never the prompt, the completion or any key", async () => {
    const lines = captureLogLines();
    const key = await mintKey({ tenantId: "tenant-log", keyId: "key_log" });
    const prompt = `private prompt ${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", key, { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
    const body = await response.text();
    const line = await waitFor(() => lines().find((l) => l.requestId === response.headers.get("x-request-id")));

    expect(line).toMatchObject({ event: "request", status: 200, tenantId: "tenant-log", keyId: "key_log", model: "gpt-4o-mini", provider: "sim-us", upstreamModel: "gpt-4o-mini" });
    expect(line.inputTokens).toEqual(expect.any(Number));
    expect(line.outputTokens).toEqual(expect.any(Number));
    const text = JSON.stringify(lines());
    expect(text).not.toContain(prompt);
    expect(text).not.toContain(JSON.parse(body).choices[0].message.content);
    expect(text).not.toContain(key);
    expect(text).not.toContain(simulatorTestKey);
    expect(text.toLowerCase()).not.toContain("authorization");
  });

  it("is written when a stream ends, including when the client hangs up mid-stream", async () => {
    const lines = captureLogLines();
    const key = await mintKey();
    const response = await postJson("/v1/chat/completions", key, {
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "long one [[sim chunk_delay_ms=200 chunks=10]]" }],
    });
    const requestId = response.headers.get("x-request-id");
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const line = await waitFor(() => lines().find((l) => l.requestId === requestId));
    expect(line.stream).toBe("client_disconnected");

    const complete = await postJson("/v1/chat/completions", key, {
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "short" }],
    });
    await complete.text();
    const done = await waitFor(() => lines().find((l) => l.requestId === complete.headers.get("x-request-id")));
    expect(done.stream).toBe("completed");
    expect(done.outputTokens).toEqual(expect.any(Number));
  });

  it("says upstream_error when the provider drops a stream the gateway watches", async () => {
    const lines = captureLogLines();
    const response = await postJson("/v1/chat/completions", await mintKey(), {
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "drop it [[sim drop_after=3 chunks=10]]" }],
    });
    await response.text().catch(() => "");
    const line = await waitFor(() => lines().find((l) => l.requestId === response.headers.get("x-request-id")));
    expect(line.stream).toBe("upstream_error");
  });

  it("tells a hang-up from a broken upstream, whether or not the client asked for usage", async () => {
    const lines = captureLogLines();
    const key = await mintKey();
    const endOf = async (content: string, includeUsage: boolean, hangUp: boolean) => {
      const response = await postJson("/v1/chat/completions", key, {
        model: "gpt-4o-mini",
        stream: true,
        stream_options: { include_usage: includeUsage },
        messages: [{ role: "user", content }],
      });
      const reader = response.body!.getReader();
      await reader.read();
      if (hangUp) await reader.cancel();
      else await (async () => { for (;;) if ((await reader.read()).done) return; })().catch(() => undefined);
      return (await waitFor(() => lines().find((l) => l.requestId === response.headers.get("x-request-id")))).stream;
    };
    expect(await endOf("[[sim chunk_delay_ms=100 chunks=10]]", true, true)).toBe("client_disconnected");
    expect(await endOf("[[sim drop_after=3 chunks=10]]", true, false)).toBe("upstream_error");
    expect(await endOf("[[sim chunk_delay_ms=100 chunks=10]]", false, true)).toBe("client_disconnected");
    expect(await endOf("[[sim drop_after=3 chunks=10]]", false, false)).toBe("upstream_error");
    expect(await endOf("fine", false, false)).toBe("completed");
  });
});
