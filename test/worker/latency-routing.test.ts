import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { mintKey, postJson, setSimulatorFaults, waitFor } from "./helpers";

const inEurope = { country: "DE", continent: "EU" } as const;
const inAsia = { country: "JP", continent: "AS" } as const;
const inAmerica = { country: "US", continent: "NA" } as const;
type Location = typeof inEurope | typeof inAsia | typeof inAmerica;

afterEach(async () => {
  for (const provider of ["shift-eu", "trio-1", "trio-2"]) await setSimulatorFaults(provider, {});
});

interface Served {
  readonly status: number;
  readonly target: string | null;
  readonly route: string;
  /** Whether the strategy put this target first to measure it, rather than for its score. */
  readonly explored: boolean;
}

async function ask(key: string, model: string, location: Location | null, extra: object = {}): Promise<Served> {
  const body = { model, messages: [{ role: "user", content: "hello" }], ...extra };
  const response = await postJson("/v1/chat/completions", key, body, {}, location ?? undefined);
  await response.text();
  const route = response.headers.get("x-switchboard-route") ?? "";
  return { status: response.status, target: response.headers.get("x-switchboard-target"), route, explored: route.includes("explored=") };
}

const weatherTool = { type: "function", function: { name: "weather", parameters: { type: "object", properties: {} } } };

describe("latency routing (the default strategy)", () => {
  it("serves each caller from the target in its own region while nothing says otherwise", async () => {
    const key = await mintKey();
    expect(await ask(key, "nearest", inEurope)).toMatchObject({ status: 200, target: "near-eu" });
    expect(await ask(key, "nearest", inAsia)).toMatchObject({ status: 200, target: "near-ap" });
    expect(await ask(key, "nearest", inAmerica)).toMatchObject({ status: 200, target: "near-us" });
    const european = await ask(key, "nearest", inEurope);
    expect(european.route).toBe("region=eu; strategy=latency; candidates=near-eu,near-us,near-ap; attempts=1");
  });

  it("serves a caller in Asia from the nearest allowed target when its own region's cannot serve the request", async () => {
    const needsTools = await ask(await mintKey(), "nearest", inAsia, { tools: [weatherTool] });
    expect(needsTools).toMatchObject({ status: 200, target: "near-us" });
    expect(needsTools.route).toBe("region=ap; strategy=latency; candidates=near-us,near-eu; attempts=1");

    const pinned = await ask(await mintKey({ jurisdiction: "eu" }), "nearest", inAsia);
    expect(pinned).toMatchObject({ status: 200, target: "near-eu" });
    expect(pinned.route).toBe("region=ap; jurisdiction=eu; strategy=latency; candidates=near-eu; attempts=1");
  });

  it("moves traffic off a target whose latency rises tenfold within a few requests, and back once it recovers", async () => {
    const key = await mintKey();
    for (let i = 0; i < 5; i++) {
      const served = await ask(key, "shifting", inEurope);
      if (!served.explored) expect(served.target).toBe("shift-eu");
    }

    await setSimulatorFaults("shift-eu", { latencyMs: 450 }); // 50 ms → 500 ms
    const slow: Served[] = [];
    for (let i = 0; i < 30; i++) slow.push(await ask(key, "shifting", inEurope));
    const movedAt = slow.findIndex((served) => !served.explored && served.target === "shift-us");
    expect(movedAt).toBeGreaterThanOrEqual(0);
    expect(movedAt).toBeLessThan(4);
    // From then on the slow target is only tried to measure it.
    for (const served of slow.slice(movedAt)) if (!served.explored) expect(served.target).toBe("shift-us");
    expect(slow.every((served) => served.status === 200)).toBe(true);

    await setSimulatorFaults("shift-eu", {});
    let backAfter = -1;
    for (let i = 0; i < 200 && backAfter === -1; i++) {
      const served = await ask(key, "shifting", inEurope);
      if (!served.explored && served.target === "shift-eu") backAfter = i + 1;
    }
    expect(backAfter).toBeGreaterThan(0);
  }, 60_000);

  it("still answers every non-streaming request when two of three targets fail, and soon goes straight to the healthy one", async () => {
    await setSimulatorFaults("trio-1", { errorStatus: 503 });
    await setSimulatorFaults("trio-2", { resetRate: 1 });
    const key = await mintKey();
    const results: Served[] = [];
    for (let batch = 0; batch < 4; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 10 }, () => ask(key, "trio", null)))));
    }
    expect(results.map((served) => served.status)).toEqual(results.map(() => 200));
    expect(new Set(results.map((served) => served.target))).toEqual(new Set(["trio-3"]));
    expect(results[0]?.route).toMatch(/^region=unknown; strategy=latency; candidates=trio-1,trio-2,trio-3; attempts=3; fallback=upstream_failed,upstream_unreachable$/);
    for (const served of results.slice(-10)) expect(served.route).toMatch(/^region=unknown; strategy=latency; candidates=trio-3,.*; attempts=1$/);
  });

  it("shares what it measured with the caller region's RegionHealth object, off the request path", async () => {
    const key = await mintKey();
    await ask(key, "nearest", inEurope);
    const regionHealth = env.REGION_HEALTH.get(env.REGION_HEALTH.idFromName("eu"));
    const score = await waitFor(async () => (await regionHealth.snapshot()).scores["near-eu"]);
    expect(score).toMatchObject({ errorRate: 0, samples: expect.any(Number) });
    expect(score.firstByteMs).toBeGreaterThan(0);
  });
});
