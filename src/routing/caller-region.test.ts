import { describe, expect, it } from "vitest";
import { defaultRoutingSettings } from "../config/routing-schema";
import { callerRegion, compileRegionMap, proximity } from "./caller-region";

describe("callerRegion", () => {
  const regions = compileRegionMap({
    ...defaultRoutingSettings,
    regions: { ...defaultRoutingSettings.regions, eu: { continents: ["EU", "AF"], countries: ["IL", "TR"], near: ["us", "ap"] } },
  });

  it("places callers by continent with the default regions", () => {
    expect(callerRegion({ country: "DE", continent: "EU" }, regions)).toBe("eu");
    expect(callerRegion({ country: "NG", continent: "AF" }, regions)).toBe("eu");
    expect(callerRegion({ country: "BR", continent: "SA" }, regions)).toBe("us");
    expect(callerRegion({ country: "JP", continent: "AS" }, regions)).toBe("ap");
    expect(callerRegion({ country: "AU", continent: "OC" }, regions)).toBe("ap");
  });

  it("lets a listed country override its continent", () => {
    expect(callerRegion({ country: "IL", continent: "AS" }, regions)).toBe("eu");
  });

  it("falls back to the default region for an unlisted place, and knows nothing without a location", () => {
    expect(callerRegion({ country: "AQ", continent: "AN" }, regions)).toBe("us");
    expect(callerRegion({ country: null, continent: null }, regions)).toBeNull();
  });

  it("counts the steps from the caller's region to a target's by the regions it lists as near", () => {
    expect(proximity(regions, "eu", "eu")).toBe(0);
    expect(proximity(regions, "eu", "us")).toBe(1);
    expect(proximity(regions, "eu", "ap")).toBe(2);
    expect(proximity(regions, "ap", "us")).toBe(1);
    expect(proximity(regions, "eu", "mars")).toBe(3);
    expect(proximity(regions, null, "ap")).toBe(0);
  });
});
