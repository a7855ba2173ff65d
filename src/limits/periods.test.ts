import { describe, expect, it } from "vitest";
import { msUntilPeriodEnds, periodKey, wholeSeconds } from "./periods";

describe("spend periods", () => {
  const lateOnNewYearsEve = Date.UTC(2026, 11, 31, 23, 59, 30);

  it("names UTC days and months", () => {
    expect(periodKey("day", lateOnNewYearsEve)).toBe("day:2026-12-31");
    expect(periodKey("month", lateOnNewYearsEve)).toBe("month:2026-12");
    expect(periodKey("day", lateOnNewYearsEve + 30_000)).toBe("day:2027-01-01");
  });

  it("ends a day at UTC midnight and a month on the first, across a year's end", () => {
    expect(msUntilPeriodEnds("day", lateOnNewYearsEve)).toBe(30_000);
    expect(msUntilPeriodEnds("month", lateOnNewYearsEve)).toBe(30_000);
    expect(msUntilPeriodEnds("month", Date.UTC(2027, 1, 28, 0, 0, 0))).toBe(24 * 3600_000);
  });

  it("rounds waits up to whole seconds, never 0", () => {
    expect(wholeSeconds(1)).toBe(1);
    expect(wholeSeconds(0)).toBe(1);
    expect(wholeSeconds(1001)).toBe(2);
  });
});
