import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SseEvent, SseParser } from "./sse-parser";

function parseInPieces(text: string, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let last = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    events.push(...parser.push(text.slice(last, cut)));
    last = cut;
  }
  events.push(...parser.push(text.slice(last)), ...parser.end());
  return events;
}

describe("SseParser", () => {
  it("reads named events, multi-line data, comments, and all three line ends", () => {
    const text = "event: message_start\ndata: {\"a\":1}\n\n: keep-alive\r\n\r\ndata: one\rdata: two\r\rdata:[DONE]\r\n\r\n";
    expect(parseInPieces(text, [])).toEqual([
      { event: "message_start", data: '{"a":1}' },
      { event: "message", data: "one\ntwo" },
      { event: "message", data: "[DONE]" },
    ]);
  });

  it("remembers a CR that ended a piece across an empty piece (found by the property below)", () => {
    const text = "event: stop\r\ndata: \r\n\r\n";
    expect(parseInPieces(text, [12, 12])).toEqual([{ event: "stop", data: "" }]);
  });

  it("keeps a last event that no blank line closed, and ignores events without data", () => {
    expect(parseInPieces("event: ping\n\ndata: tail", [])).toEqual([{ event: "message", data: "tail" }]);
  });

  it("gives the same events however the text is split (CRLF split between its two bytes included)", () => {
    const events = fc.array(
      fc.record({ event: fc.constantFrom("", "delta", "stop"), data: fc.string().filter((s) => !/[\r\n]/.test(s)) }),
      { maxLength: 6 },
    );
    const lineEnd = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(events, lineEnd, fc.array(fc.nat(), { maxLength: 8 }), (list, eol, rawCuts) => {
        const text = list.map((e) => `${e.event ? `event: ${e.event}${eol}` : ""}data: ${e.data}${eol}${eol}`).join("");
        const cuts = rawCuts.map((cut) => (text.length === 0 ? 0 : cut % (text.length + 1)));
        const expected = list.map((e) => ({ event: e.event || "message", data: e.data }));
        expect(parseInPieces(text, cuts)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
