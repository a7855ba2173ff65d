import { describe, expect, it } from "vitest";
import { sseData } from "./sse-lines";

describe("sseData", () => {
  it("reads data lines with or without the space and ignores other fields", () => {
    expect(sseData("data: {\"a\":1}")).toBe('{"a":1}');
    expect(sseData("data:[DONE]")).toBe("[DONE]");
    expect(sseData("event: ping")).toBeNull();
    expect(sseData(": comment")).toBeNull();
    expect(sseData("")).toBeNull();
  });
});
