import { describe, expect, it } from "vitest";
import { mintKey, postJson, upstreamRequestsContaining } from "./helpers";

const chat = (model: string, content: string) => ({ model, messages: [{ role: "user", content }] });

describe("retries with backoff, within an attempt and time budget", () => {
  it("tries a failing single-target model again, up to the model's maxAttempts", async () => {
    const marker = `retry-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("retry-thrice", `${marker} [[sim status=503]]`));
    expect(response.status).toBe(502);
    expect(response.headers.get("x-switchboard-attempts")).toBe("3");
    expect(response.headers.get("x-switchboard-route")).toContain("fallback=upstream_failed,upstream_failed,upstream_failed");
    expect(await upstreamRequestsContaining(marker)).toHaveLength(3);
  });

  it("starts no attempt once the time budget is spent", async () => {
    const started = Date.now();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("retry-budget", "[[sim status=503 delay_ms=200]]"));
    expect(response.status).toBe(502);
    const attempts = Number(response.headers.get("x-switchboard-attempts"));
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("does not retry what the request caused", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("retry-thrice", "[[sim status=400]]"));
    expect(response.status).toBe(400);
    expect(response.headers.get("x-switchboard-attempts")).toBe("1");
  });
});
