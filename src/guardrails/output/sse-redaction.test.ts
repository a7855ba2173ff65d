import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactText } from "../../audit/redact";
import { createStreamRedaction } from "./sse-redaction";
import { defaultWindowChars } from "./text-window";
import { chunk, chunksOf, contentChoice, eventData, runThrough, sseText, streamedTexts } from "./stream-test-support";
import { splitAt, textWithValues } from "./test-values";

const done = "data: [DONE]\n\n";

/** One choice streaming `pieces`, a role chunk first, a finish chunk, a usage chunk and [DONE]. */
function contentStream(pieces: readonly string[]): string {
  return sseText([
    chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]),
    ...pieces.map((piece) => chunk([contentChoice(0, piece)])),
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]),
    chunk([], { usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } }),
    done,
  ]);
}

describe("createStreamRedaction", () => {
  it("masks an email split across chunks and reports the counts", async () => {
    const redaction = createStreamRedaction();
    const output = await runThrough(redaction.stream, contentStream(["Mail me at ja", "ne@exam", "ple.com", " today."]));
    expect(streamedTexts(chunksOf(output), 0).content).toBe("Mail me at [REDACTED:email] today.");
    expect(await redaction.counts).toEqual({ email: 1 });
    expect(redaction.countsSoFar()).toEqual({ email: 1 });
  });

  it("keeps the events in order with every other field intact, the finish chunk carrying the rest of the text", async () => {
    const output = await runThrough(createStreamRedaction().stream, contentStream(["call +44 20 79", "46 0958 now"]));
    const chunks = chunksOf(output);
    expect(chunks[0]).toEqual(chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]));
    const finish = chunks.at(-2);
    expect(finish).toEqual(chunk([{ index: 0, delta: { content: "call [REDACTED:phone] now" }, logprobs: null, finish_reason: "stop" }]));
    expect(chunks.at(-1)).toEqual(chunk([], { usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } }));
    expect(eventData(output).at(-1)).toBe("[DONE]");
    // The two content chunks were held back whole, so they were dropped.
    expect(chunks).toHaveLength(3);
  });

  it("gives the same text as redactText for every text, chunking and byte split of the stream", async () => {
    await fc.assert(
      fc.asyncProperty(
        textWithValues,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 160, max: 600 }),
        async (text, cuts, byteCuts, windowChars) => {
          const redaction = createStreamRedaction({ windowChars });
          const output = await runThrough(redaction.stream, contentStream(splitAt(`${text} é🙂`, cuts)), byteCuts);
          const whole = redactText(`${text} é🙂`);
          expect(streamedTexts(chunksOf(output), 0).content).toBe(whole.text);
          expect(await redaction.counts).toEqual(whole.counts);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("keeps a window per choice in a multi-choice stream", async () => {
    const texts = ["first: alice@example.com and 4111 1111 1111 1111 end", "second: sk-proj-A1bcdefghijklmnopqrstuvwxyz012345 end"];
    const events = [];
    for (let at = 0; at < 60; at += 3) {
      events.push(chunk(texts.map((text, index) => contentChoice(index, text.slice(at, at + 3)))));
    }
    events.push(chunk([contentChoice(0, "", "stop"), contentChoice(1, "", "length")]), done);
    const redaction = createStreamRedaction({ windowChars: 64 });
    const chunks = chunksOf(await runThrough(redaction.stream, sseText(events)));
    texts.forEach((text, index) => expect(streamedTexts(chunks, index).content).toBe(redactText(text).text));
    expect(await redaction.counts).toEqual({ email: 1, card: 1, api_key: 1 });
  });

  it("masks tool-call arguments streamed in fragments, the call's id and name going out first", async () => {
    const argumentsText = JSON.stringify({ to: "bob@example.com", note: "card 4111111111111111" });
    const fragments = argumentsText.match(/.{1,5}/g) ?? [];
    const call = (fragment: string) => ({ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, logprobs: null, finish_reason: null });
    const opening = chunk([
      { index: 0, delta: { role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "send", arguments: "" } }] }, logprobs: null, finish_reason: null },
    ]);
    const events = [
      opening,
      ...fragments.map((fragment) => chunk([call(fragment)])),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }]),
      done,
    ];
    const redaction = createStreamRedaction({ windowChars: 32 });
    const chunks = chunksOf(await runThrough(redaction.stream, sseText(events)));
    expect(streamedTexts(chunks, 0).toolArguments.get(0)).toBe(redactText(argumentsText).text);
    expect(chunks[0]).toEqual(opening);
    expect(chunks.at(-1)?.choices).toMatchObject([{ index: 0, finish_reason: "tool_calls" }]);
    expect(await redaction.counts).toEqual({ email: 1, card: 1 });
  });

  it("flushes into a chunk just before [DONE] when no finish_reason came, and at the end of a stream without [DONE]", async () => {
    const body = sseText([chunk([contentChoice(0, "write to bob@")]), chunk([contentChoice(0, "example.com")])]);
    for (const ending of [done, ""]) {
      const output = await runThrough(createStreamRedaction().stream, body + ending);
      const data = eventData(output);
      expect(data).toHaveLength(ending === "" ? 1 : 2);
      expect(JSON.parse(data[0] ?? "")).toEqual(chunk([contentChoice(0, "write to [REDACTED:email]")]));
      if (ending !== "") expect(data[1]).toBe("[DONE]");
    }
  });

  it("passes a stream without content through byte for byte", async () => {
    const input = sseText([chunk([], { usage: { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 } }), done]);
    const redaction = createStreamRedaction();
    expect(await runThrough(redaction.stream, input)).toBe(input);
    expect(await redaction.counts).toEqual({});
  });

  it("passes malformed and foreign events through untouched", async () => {
    const input = ["data: {not json\n\n", "data: [1,2]\n\n", 'data: {"choices":"no"}\n\n', "event: ping\ndata: a@b.co\n\n", "data: line one\ndata: line two\n\n", done].join("");
    expect(await runThrough(createStreamRedaction().stream, input)).toBe(input);
  });

  it("keeps an event's name on a chunk it rewrites", async () => {
    const input = `event: delta\ndata: ${JSON.stringify(chunk([contentChoice(0, "a@b.co", "stop")]))}\n\n`;
    const output = await runThrough(createStreamRedaction().stream, input);
    expect(output).toBe(`event: delta\ndata: ${JSON.stringify(chunk([contentChoice(0, "[REDACTED:email]", "stop")]))}\n\n`);
  });

  it("streams 10,000 chunks without holding them all", async () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => (i % 50 === 0 ? "mail x@example.com " : `word${i} `));
    const redaction = createStreamRedaction();
    const chunks = chunksOf(await runThrough(redaction.stream, contentStream(pieces)));
    expect(streamedTexts(chunks, 0).content).toBe(redactText(pieces.join("")).text);
    // Released at least once per window of text: never more than a window held back.
    expect(chunks.length).toBeGreaterThan(pieces.join("").length / defaultWindowChars);
    expect(await redaction.counts).toEqual({ email: 200 });
  });
});
