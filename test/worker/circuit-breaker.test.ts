import { afterEach, describe, expect, it } from "vitest";
import { callGateway, mintKey, postJson, setSimulatorFaults, upstreamRequestsContaining } from "./helpers";

// `breaker-test` tries `breaker-eu` (the simulator's anthropic-eu, circuit opens after 2 failures for
// 1 s) and then `mini-us`. Faults are set on anthropic-eu at run time; no other test uses it.
const setFaults = (faults: object) => setSimulatorFaults("anthropic-eu", faults);
const chat = (content: string) => ({ model: "breaker-test", messages: [{ role: "user", content }] });

async function call(content: string): Promise<{ target: string | null; route: string | null }> {
  const response = await postJson("/v1/chat/completions", await mintKey(), chat(content));
  expect(response.status).toBe(200);
  await response.text();
  return { target: response.headers.get("x-switchboard-target"), route: response.headers.get("x-switchboard-route") };
}

afterEach(async () => {
  await setFaults({});
  // Let any circuit this test opened cool down, so the next test starts closed.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await call("reset the circuit");
});

describe("circuit breakers", () => {
  it("open after repeated failures, skip the target without calling it, then half-open and close on recovery", async () => {
    await setFaults({ errorStatus: 503 });
    expect(await call("one")).toMatchObject({ target: "mini-us", route: expect.stringContaining("attempts=2; fallback=upstream_failed") });
    expect((await call("two")).target).toBe("mini-us");

    const marker = `open-${crypto.randomUUID()}`;
    const open = await call(marker);
    expect(open).toEqual({ target: "mini-us", route: "region=unknown; strategy=ordered; candidates=breaker-eu,mini-us; attempts=1; circuit_open=breaker-eu" });
    expect((await upstreamRequestsContaining(marker)).map((request) => request.provider)).toEqual(["openai-us"]);
    const admin = await mintKey({ role: "admin" });
    const metrics = await (await callGateway("/metrics", { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(metrics).toMatch(/^switchboard_target_circuit_open\{target="breaker-eu",state="open"\} 1$/m);

    await setFaults({});
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call("probe")).target).toBe("breaker-eu");
    expect((await call("closed again")).target).toBe("breaker-eu");
  });

  it("open at once for a 429's Retry-After, and honour it", async () => {
    await setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    expect(await call("limited")).toMatchObject({ target: "mini-us", route: expect.stringContaining("fallback=upstream_rate_limited") });
    expect((await call("still cooling")).route).toContain("circuit_open=breaker-eu");
  });
});
