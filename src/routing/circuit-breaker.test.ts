import { describe, expect, it } from "vitest";
import { CircuitBreakers } from "./circuit-breaker";

const settings = { failureThreshold: 3, cooldownMs: 1000 };

describe("CircuitBreakers", () => {
  it("opens after the threshold of consecutive failures, and a success in between resets the count", () => {
    const breakers = new CircuitBreakers();
    breakers.recordFailure("t", settings, 0);
    breakers.recordFailure("t", settings, 0);
    breakers.recordSuccess("t");
    breakers.recordFailure("t", settings, 0);
    breakers.recordFailure("t", settings, 0);
    expect(breakers.admits("t", 1)).toBe(true);
    breakers.recordFailure("t", settings, 0);
    expect(breakers.stateOf("t", 1)).toBe("open");
    expect(breakers.admits("t", 999)).toBe(false);
  });

  it("half-opens after the cool-down for exactly one probe, which closes or reopens it", () => {
    const breakers = new CircuitBreakers();
    for (let i = 0; i < 3; i++) breakers.recordFailure("t", settings, 0);
    expect(breakers.stateOf("t", 1000)).toBe("half_open");
    expect(breakers.admits("t", 1000)).toBe(true);
    expect(breakers.admits("t", 1001)).toBe(false);
    breakers.recordFailure("t", settings, 1002);
    expect(breakers.stateOf("t", 1500)).toBe("open");
    expect(breakers.admits("t", 2002)).toBe(true);
    breakers.recordSuccess("t");
    expect(breakers.stateOf("t", 2003)).toBe("closed");
    expect(breakers.admits("t", 2003)).toBe(true);
  });

  it("opens for a 429's Retry-After at once, whatever the count", () => {
    const breakers = new CircuitBreakers();
    breakers.recordFailure("t", settings, 0, 7000);
    expect(breakers.admits("t", 6999)).toBe(false);
    expect(breakers.reopensAt("t")).toBe(7000);
    expect(breakers.admits("t", 7000)).toBe(true);
  });

  it("keeps targets apart", () => {
    const breakers = new CircuitBreakers();
    for (let i = 0; i < 3; i++) breakers.recordFailure("a", settings, 0);
    expect(breakers.admits("b", 1)).toBe(true);
  });

  it("lists its openings and closings once for sharing, the latest per target", () => {
    const breakers = new CircuitBreakers();
    breakers.recordFailure("a", settings, 10, 5000);
    for (let i = 0; i < 3; i++) breakers.recordFailure("b", settings, 20);
    expect(breakers.takeChanges()).toEqual([
      { target: "a", openUntil: 5010, changedAt: 10 },
      { target: "b", openUntil: 1020, changedAt: 20 },
    ]);
    expect(breakers.takeChanges()).toEqual([]);
    breakers.recordFailure("c", settings, 30);
    breakers.recordSuccess("c", 31);
    expect(breakers.takeChanges()).toEqual([]);
    expect(breakers.admits("b", 1100)).toBe(true);
    breakers.recordSuccess("b", 1101);
    expect(breakers.takeChanges()).toEqual([{ target: "b", openUntil: 0, changedAt: 1101 }]);
  });

  it("adopts another isolate's change only when it is newer than what it saw itself", () => {
    const here = new CircuitBreakers();
    here.adopt({ target: "t", openUntil: 2000, changedAt: 100 });
    expect(here.admits("t", 1999)).toBe(false);
    expect(here.takeChanges()).toEqual([]);
    here.adopt({ target: "t", openUntil: 0, changedAt: 50 });
    expect(here.stateOf("t", 1000)).toBe("open");
    here.adopt({ target: "t", openUntil: 0, changedAt: 150 });
    expect(here.stateOf("t", 1000)).toBe("closed");
    for (let i = 0; i < 3; i++) here.recordFailure("t", settings, 200);
    here.adopt({ target: "t", openUntil: 0, changedAt: 180 });
    expect(here.stateOf("t", 300)).toBe("open");
  });
});
