import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogLines, mintKey, postJson, waitFor } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

const chat = (content: string, model = "gpt-4o-mini") => ({ model, messages: [{ role: "user", content }] });

describe("x-switchboard-route explains the routing decision", () => {
  it.each([
    [{ country: "DE", continent: "EU", colo: "FRA" }, "eu"],
    [{ country: "JP", continent: "AS", colo: "NRT" }, "ap"],
    [{ country: "US", continent: "NA", colo: "IAD" }, "us"],
  ] as const)("names the caller's region from request.cf (%o → %s)", async (cf, region) => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("where am I"), {}, cf);
    await response.text();
    expect(response.headers.get("x-switchboard-route")).toBe(`region=${region}; strategy=ordered; candidates=mini-us,mini-eu; attempts=1`);
  });

  it("names the weighted strategy, which sends traffic by weight (here all of it to the EU target)", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await postJson("/v1/chat/completions", await mintKey(), chat("weighted", "weighted-eu"));
      await response.text();
      expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
      expect(response.headers.get("x-switchboard-route")).toBe("region=unknown; strategy=weighted; candidates=mini-eu,mini-us; attempts=1");
    }
  });

  it("says the region is unknown when the request carries no location", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("nowhere"));
    await response.text();
    expect(response.headers.get("x-switchboard-route")).toBe("region=unknown; strategy=ordered; candidates=mini-us,mini-eu; attempts=1");
  });

  it("lists why earlier attempts failed, in order, and the log line carries the same facts", async () => {
    const lines = captureLogLines();
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("fail over", "failover"), {}, { country: "FR", continent: "EU" });
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get("x-switchboard-route")).toBe(
      "region=eu; strategy=ordered; candidates=mini-flaky,mini-dead,mini-unset-key,mini-eu; attempts=4; fallback=upstream_failed,upstream_unreachable,provider_misconfigured",
    );
    const requestId = response.headers.get("x-request-id");
    const line = await waitFor(() => lines().find((entry) => entry.requestId === requestId));
    expect(line).toMatchObject({ callerRegion: "eu", country: "FR", continent: "EU", attemptCount: 4, route: response.headers.get("x-switchboard-route") });
  });
});
