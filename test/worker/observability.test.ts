import { afterEach, describe, expect, it, vi } from "vitest";
import { callGateway, captureLogLines, mintKey, postJson, upstreamRequestsContaining } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

function timingEntries(header: string | null): Map<string, number> {
  const entries = new Map<string, number>();
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    if (name && dur) entries.set(name, Number(dur.slice(4)));
  }
  return entries;
}

const chat = (content: string, model = "gpt-4o-mini") => ({ model, messages: [{ role: "user", content }] });

describe("Server-Timing", () => {
  it("names every phase of a served request and a total that covers them", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("timing"));
    await response.text();
    const entries = timingEntries(response.headers.get("server-timing"));
    expect([...entries.keys()]).toEqual(["policy", "auth", "parse", "route", "upstream", "total"]);
    for (const value of entries.values()) expect(value).toBeGreaterThanOrEqual(0);
    const phasesSum = [...entries].filter(([name]) => name !== "total").reduce((sum, [, ms]) => sum + ms, 0);
    expect(entries.get("total")).toBeGreaterThanOrEqual(phasesSum - 0.5);
    expect(response.headers.get("server-timing")).toContain('upstream;desc="provider time to first byte"');
  });

  it("is present on errors and streams too", async () => {
    const unauthenticated = await callGateway("/v1/models");
    expect(timingEntries(unauthenticated.headers.get("server-timing")).has("total")).toBe(true);
    const stream = await postJson("/v1/chat/completions", await mintKey(), { ...chat("s"), stream: true });
    expect(timingEntries(stream.headers.get("server-timing")).has("upstream")).toBe(true);
    await stream.text();
  });
});

describe("cost", () => {
  it("prices usage with the serving target's table and returns it in a header and the log", async () => {
    const lines = captureLogLines();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("what does this cost"));
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const expected = (body.usage.prompt_tokens * 0.15 + body.usage.completion_tokens * 0.6) / 1_000_000;
    const header = response.headers.get("x-switchboard-cost") ?? "";
    const [amount, currency] = header.split(";").map((part) => part.trim());
    expect(Number(amount)).toBeCloseTo(expected, 12);
    expect(currency).toBe("currency=EUR");
    const line = lines().find((l) => l.requestId === response.headers.get("x-request-id"));
    expect(Number(line?.cost)).toBeCloseTo(expected, 12);
    expect(line?.currency).toBe("EUR");
  });

  it("is absent when the serving target has no price", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("free", "eu-only"));
    await response.text();
    expect(response.headers.get("x-switchboard-cost")).toBeNull();
  });
});

describe("the log line", () => {
  it("carries tenant, key, model, route, region and colo, attempts, phases, tokens, cost and error", async () => {
    const lines = captureLogLines();
    const key = await mintKey({ tenantId: "tenant-obs", keyId: "key_obs" });
    const response = await postJson("/v1/chat/completions", key, chat("fields"), {}, { colo: "CDG", country: "FR" });
    await response.text();
    const line = lines().find((l) => l.requestId === response.headers.get("x-request-id"));
    expect(line).toMatchObject({
      event: "request",
      status: 200,
      tenantId: "tenant-obs",
      keyId: "key_obs",
      model: "gpt-4o-mini",
      provider: "sim-us",
      target: "mini-us",
      upstreamModel: "gpt-4o-mini",
      region: "us",
      colo: "CDG",
      country: "FR",
      attemptCount: 1,
      error: null,
    });
    expect(Object.keys(line?.phaseMs as object)).toEqual(["policy", "auth", "parse", "route", "upstream"]);
    expect(line?.inputTokens).toBeGreaterThan(0);
    expect(line?.outputTokens).toBeGreaterThan(0);
    expect(line?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("names the error reason of a failed request", async () => {
    const lines = captureLogLines();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("x", "no-such-model"));
    const line = lines().find((l) => l.requestId === response.headers.get("x-request-id"));
    expect(line).toMatchObject({ status: 404, error: "model_not_found", model: "no-such-model" });
  });
});

describe("W3C trace context", () => {
  it("continues the caller's trace upstream with a new span id", async () => {
    const lines = captureLogLines();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const marker = `trace-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", await mintKey(), chat(marker), {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      tracestate: "vendor=abc",
    });
    await response.text();
    const [upstream] = await upstreamRequestsContaining(marker);
    const sent = upstream?.headers.traceparent ?? "";
    expect(sent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(sent).not.toContain("00f067aa0ba902b7");
    expect(upstream?.headers.tracestate).toBe("vendor=abc");
    expect(lines().find((l) => l.requestId === response.headers.get("x-request-id"))?.traceId).toBe(traceId);
  });

  it.each(["garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"])(
    "starts a new trace when traceparent is invalid (%s)",
    async (traceparent) => {
      const marker = `trace-${crypto.randomUUID()}`;
      const response = await postJson("/v1/chat/completions", await mintKey(), chat(marker), { traceparent });
      await response.text();
      const [upstream] = await upstreamRequestsContaining(marker);
      const sent = upstream?.headers.traceparent ?? "";
      expect(sent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(sent).not.toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    },
  );
});

describe("GET /metrics", () => {
  it("needs the admin role", async () => {
    expect((await callGateway("/metrics")).status).toBe(401);
    const app = await mintKey({ role: "app" });
    expect((await callGateway("/metrics", { headers: { authorization: `Bearer ${app}` } })).status).toBe(403);
  });

  it("serves counters and histograms per model, provider and status in the Prometheus text format", async () => {
    const key = await mintKey();
    await (await postJson("/v1/chat/completions", key, chat("metrics one"))).text();
    await (await postJson("/v1/chat/completions", key, chat("metrics two"))).text();
    await (await postJson("/v1/chat/completions", key, chat("[[sim status=500]]", "eu-only"))).text();
    const admin = await mintKey({ role: "admin" });
    const response = await callGateway("/metrics", { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();

    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?[0-9.e+-]+$/;
    for (const line of text.trimEnd().split("\n")) {
      if (!line.startsWith("#")) expect(line).toMatch(sample);
    }
    const requests = text.match(/^switchboard_requests_total\{model="gpt-4o-mini",provider="sim-us",status="200"\} (\d+)$/m);
    expect(Number(requests?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^switchboard_requests_total\{model="eu-only",provider="",status="502"\} \d+$/m);
    expect(text).toMatch(/^switchboard_failed_attempts_total\{provider="sim-eu",reason="upstream_failed"\} \d+$/m);
    expect(text).toContain("# TYPE switchboard_request_duration_seconds histogram");
    const count = Number(text.match(/^switchboard_request_duration_seconds_count\{model="gpt-4o-mini",provider="sim-us"\} (\d+)$/m)?.[1]);
    const inf = Number(text.match(/^switchboard_request_duration_seconds_bucket\{model="gpt-4o-mini",provider="sim-us",le="\+Inf"\} (\d+)$/m)?.[1]);
    expect(inf).toBe(count);
    expect(text).toMatch(/^switchboard_tokens_total\{model="gpt-4o-mini",provider="sim-us",direction="output"\} \d+$/m);
    expect(text).toMatch(/^switchboard_cost_total\{model="gpt-4o-mini",provider="sim-us",currency="EUR"\} [0-9.e-]+$/m);
  });

  it("shows each target's routing state as gauges: mean and p95 time to first byte and error ratio per caller region", async () => {
    const key = await mintKey();
    const inEurope = { country: "DE", continent: "EU" } as const;
    for (let i = 0; i < 3; i++) await (await postJson("/v1/chat/completions", key, chat("gauges", "nearest"), {}, inEurope)).text();
    const admin = await mintKey({ role: "admin" });
    const text = await (await callGateway("/metrics", { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(text).toContain("# TYPE switchboard_target_first_byte_seconds gauge");
    const mean = Number(text.match(/^switchboard_target_first_byte_seconds\{caller_region="eu",target="near-eu",statistic="mean"\} ([0-9.e-]+)$/m)?.[1]);
    const p95 = Number(text.match(/^switchboard_target_first_byte_seconds\{caller_region="eu",target="near-eu",statistic="p95"\} ([0-9.e-]+)$/m)?.[1]);
    expect(mean).toBeGreaterThan(0);
    expect(p95).toBeGreaterThan(0);
    expect(text).toMatch(/^switchboard_target_error_ratio\{caller_region="eu",target="near-eu"\} 0$/m);
  });
});
