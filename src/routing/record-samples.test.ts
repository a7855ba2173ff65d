import { describe, expect, it } from "vitest";
import { newRequestRecord } from "../observability/request-record";
import { traceContextFrom } from "../observability/trace-context";
import { newRouteTrace } from "./attempt";
import { LatencyScores } from "./latency-scores";
import { recordRouteSamples } from "./record-samples";

function routedRecord() {
  const record = newRequestRecord("req", traceContextFrom(undefined, undefined), "POST", "/v1/chat/completions", { clientIp: null, colo: null, country: "DE", continent: "EU" });
  record.callerRegion = "eu";
  const trace = newRouteTrace({ strategy: "latency", candidates: ["a", "b", "c"], explored: null, jurisdiction: null, override: null, sticky: null });
  trace.attempts.push(
    { target: "a", provider: "p", outcome: "upstream_failed", status: 503, durationMs: 12 },
    { target: "b", provider: "p", outcome: "provider_misconfigured", status: null, durationMs: 0 },
    { target: "c", provider: "p", outcome: "ok", status: 200, durationMs: 80 },
  );
  trace.servedSince = 1000;
  record.routing = trace;
  return record;
}

describe("recordRouteSamples", () => {
  it("records the served attempt's times and provider-side failures, not the gateway's own misconfiguration", () => {
    const scores = new LatencyScores();
    recordRouteSamples(scores, routedRecord(), null, 1500);
    const eu = scores.scoresFor("eu");
    expect(eu.get("a")).toMatchObject({ errorRate: 1, firstByteMs: null });
    expect(eu.has("b")).toBe(false);
    expect(eu.get("c")).toMatchObject({ errorRate: 0, firstByteMs: 80, totalMs: 500 });
  });

  it("counts a served stream that broke off on the provider's side as a failure", () => {
    const scores = new LatencyScores();
    recordRouteSamples(scores, routedRecord(), "upstream_error", 1500);
    expect(scores.scoresFor("eu").get("c")).toMatchObject({ errorRate: 1 });
    const hungUp = new LatencyScores();
    recordRouteSamples(hungUp, routedRecord(), "client_disconnected", 1500);
    expect(hungUp.scoresFor("eu").get("c")).toMatchObject({ errorRate: 0 });
  });
});
