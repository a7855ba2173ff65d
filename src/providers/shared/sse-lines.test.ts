import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseLineSplitter, sseData } from "./sse-lines";

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks;
}

describe("SseLineSplitter", () => {
  it("yields the same lines however the bytes are chunked, multi-byte characters included", () => {
    const line = fc.string({ unit: "grapheme", maxLength: 20 }).map((text) => text.replace(/[\r\n]/g, ""));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 10 }), (lines, crlf, cuts) => {
        const text = lines.map((l) => l + (crlf ? "\r\n" : "\n")).join("");
        const splitter = new SseLineSplitter();
        const out: string[] = [];
        for (const chunk of splitAt(new TextEncoder().encode(text), cuts)) out.push(...splitter.push(chunk));
        out.push(...splitter.end());
        expect(out).toEqual(lines);
      }),
    );
  });

  it("returns a final line that had no newline", () => {
    const splitter = new SseLineSplitter();
    expect(splitter.push(new TextEncoder().encode("data: a\ndata: b"))).toEqual(["data: a"]);
    expect(splitter.end()).toEqual(["data: b"]);
  });
});

describe("sseData", () => {
  it("reads data lines with or without the space and ignores other fields", () => {
    expect(sseData("data: {\"a\":1}")).toBe('{"a":1}');
    expect(sseData("data:[DONE]")).toBe("[DONE]");
    expect(sseData("event: ping")).toBeNull();
    expect(sseData(": comment")).toBeNull();
    expect(sseData("")).toBeNull();
  });
});
