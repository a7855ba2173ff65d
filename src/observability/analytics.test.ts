import { describe, expect, it } from "vitest";
import { writeAnalyticsPoint } from "./analytics";
import { newRequestRecord } from "./request-record";
import { traceContextFrom } from "./trace-context";

/** Records what the gateway hands to the Analytics Engine binding's one method. */
class RecordingDataset implements AnalyticsEngineDataset {
  readonly points: AnalyticsEngineDataPoint[] = [];
  writeDataPoint(point?: AnalyticsEngineDataPoint): void {
    if (point) this.points.push(point);
  }
}

describe("writeAnalyticsPoint", () => {
  const record = newRequestRecord("req-1", traceContextFrom(undefined, undefined), "POST", "/v1/chat/completions", {
    clientIp: null,
    colo: "CDG",
    country: "FR",
    continent: "EU",
  });
  record.tenantId = "acme";
  record.keyId = "key_1";
  record.routedModel = "gpt-4o-mini";
  record.usage = { inputTokens: 10, outputTokens: 20, totalTokens: 30, cachedInputTokens: 0 };
  record.phaseMs.upstream = 42;

  it("writes the documented positions: tenant index, model/route blobs, timing/token/cost doubles", () => {
    const dataset = new RecordingDataset();
    writeAnalyticsPoint(dataset, record, 200, 50, 0.25);
    expect(dataset.points).toEqual([
      {
        indexes: ["acme"],
        blobs: ["gpt-4o-mini", "", "", "", "200", "", "CDG", "key_1"],
        doubles: [50, 42, 10, 20, 0.25, 0],
      },
    ]);
  });

  it("does nothing when the binding is absent", () => {
    expect(() => writeAnalyticsPoint(undefined, record, 200, 50, null)).not.toThrow();
  });
});
