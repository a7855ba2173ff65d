import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageEventFilter } from "./usage-event-filter";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const content = (text: string) => `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}}}]}\n\n`;
const finish = 'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n';
const usage = 'data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}\n\n';
const done = "data: [DONE]\n\n";

function run(pieces: readonly Uint8Array[]): string {
  const filter = usageEventFilter();
  let out = "";
  for (const piece of pieces) out += decoder.decode(filter.chunk(piece), { stream: true });
  out += decoder.decode(filter.flush());
  return out;
}

/** Splits bytes at the given cut points (UTF-8 sequences may be cut too). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.byteLength + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.slice(start, point));
    start = point;
  }
  pieces.push(bytes.slice(start));
  return pieces;
}

describe("usageEventFilter", () => {
  it("drops only the usage chunk and passes every other event as it came", () => {
    const stream = content("Hel") + content("lo ünïcode ✓") + finish + usage + done;
    expect(run([encoder.encode(stream)])).toBe(content("Hel") + content("lo ünïcode ✓") + finish + done);
  });

  it("gives the same bytes however the stream is cut into pieces", () => {
    const stream = encoder.encode(content("a") + content("ß✓ with \"usage\" in the text") + finish + usage + done);
    const expected = content("a") + content("ß✓ with \"usage\" in the text") + finish + done;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(run(split(stream, cuts))).toBe(expected);
      }),
    );
  });

  it("passes on what is left of a stream that ends without a final blank line", () => {
    expect(run([encoder.encode(content("x") + "data: partial")])).toBe(`${content("x")}data: partial`);
  });
});
