// The synchronous work of Switchboard's translations, timed in Node's V8 with the gateway's own
// functions from src/: for streams over the streams the bench's simulator sends (one upstream chunk
// per SSE event, 20 content chunks), for plain calls over its request and answers. Set against the CPU the bench measures in workerd, it says how
// much of a translated stream's cost is computation (parsing, validation, serialization) and how
// much is the streaming itself.
//   node --import tsx bench/translation-compute.ts
// Writes bench/.out/translation-compute.md.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fromOpenAIResponse } from "../src/ingress/anthropic/from-openai-response";
import { anthropicMessagesRequestSchema } from "../src/ingress/anthropic/request-schema";
import { AnthropicEventTranslator } from "../src/ingress/anthropic/stream-events";
import { toOpenAIRequest } from "../src/ingress/anthropic/to-openai-request";
import { translateRequest } from "../src/providers/anthropic/request";
import { translateResponse } from "../src/providers/anthropic/response";
import { AnthropicStreamDecoder } from "../src/providers/anthropic/stream";
import { toGeminiChatBody } from "../src/providers/gemini/request";
import { translateChatResponse } from "../src/providers/gemini/response";
import { GeminiStreamDecoder } from "../src/providers/gemini/stream";
import { usageFromBody } from "../src/providers/openai/usage";
import type { StreamDecoder } from "../src/providers/shared/chat-parts";
import { OpenAIChunkWriter } from "../src/providers/shared/openai-output";
import { type SseEvent, SseParser } from "../src/providers/shared/sse-parser";
import { chatCompletionRequestSchema } from "../src/schemas/openai/chat";
import { num } from "./format";
import { startSimulatorChild } from "./simulator-child";
import { benchReply, streamChunks } from "./targets";
import { benchUpstreams } from "./upstreams";

const root = resolve(import.meta.dirname, "..");
const prompt = `Say hello to the benchmark. [[sim reply="${benchReply}" chunks=${streamChunks}]]`;

/** One pass over a recorded stream; returns something so the work is not optimized away. */
type Pass = (chunks: readonly Uint8Array[]) => number;

/** TextDecoder and the SSE parser: what every translation does first. */
function parseOnly(chunks: readonly Uint8Array[], onEvents: (events: readonly SseEvent[]) => number = (e) => e.length): number {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let n = 0;
  for (const chunk of chunks) n += onEvents(parser.push(decoder.decode(chunk, { stream: true })));
  return n + onEvents(parser.end());
}

const withJsonParse: Pass = (chunks) => parseOnly(chunks, (events) => events.reduce((n, e) => n + (e.data === "[DONE]" ? 0 : Object.keys(JSON.parse(e.data) as object).length), 0));

/** Parse, the provider's decoder (JSON.parse and zod per event), then OpenAI chunks written and encoded. */
function providerPass(makeDecoder: () => StreamDecoder<SseEvent>, write: boolean): Pass {
  return (chunks) => {
    const decoder = makeDecoder();
    const writer = new OpenAIChunkWriter("chatcmpl-x", "m");
    const encoder = new TextEncoder();
    return parseOnly(chunks, (events) => {
      let out = "";
      for (const event of events) {
        for (const part of decoder.decode(event)) {
          if (write && part.type === "text") out += writer.delta({ content: part.text });
          if (write && part.type === "finish") out += writer.delta({}, part.reason);
        }
      }
      return out === "" ? 0 : encoder.encode(out).length;
    });
  };
}

/** `/v1/messages` streams: parse the OpenAI chunks, translate them to Anthropic events, encode. */
const ingressPass: Pass = (chunks) => {
  const translator = new AnthropicEventTranslator("gpt-4o-mini");
  const encoder = new TextEncoder();
  return parseOnly(chunks, (events) => encoder.encode(translator.push(events)).length);
};

/** Microseconds per call of `work`: median of 5 batches after a warm-up. */
function microsPer(work: () => unknown): number {
  const iterations = 2000;
  for (let i = 0; i < 500; i++) work();
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) work();
    batches.push(((performance.now() - started) * 1000) / iterations);
  }
  return batches.sort((x, y) => x - y)[2] ?? Number.NaN;
}

async function recordBody(url: string, headers: Record<string, string>, body: object): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** The stream the simulator sends, cut into one chunk per SSE event as a provider with pauses would send it. */
async function recordStream(url: string, headers: Record<string, string>, body: object): Promise<Uint8Array[]> {
  const text = await recordBody(url, headers, body);
  const encoder = new TextEncoder();
  return text.split(/(?<=\r?\n\r?\n)/).map((event) => encoder.encode(event));
}

type Format = "anthropic" | "gemini" | "openai";
interface Recorded {
  readonly streams: Record<Format, Uint8Array[]>;
  readonly answers: Record<Format, string>;
}

/** Each upstream's plain answer and stream for the bench prompt, from a simulator of its own. */
async function record(): Promise<Recorded> {
  const key = `sim-bench-${randomBytes(8).toString("hex")}`;
  const simulator = await startSimulatorChild(root, key);
  const { anthropic, gemini, openai } = benchUpstreams;
  const messages = [{ role: "user", content: prompt }];
  const calls: Record<Format, { url: (stream: boolean) => string; headers: Record<string, string>; body: object }> = {
    anthropic: {
      url: () => `${simulator.origin}/${anthropic.name}/v1/messages`,
      headers: { "x-api-key": key, "anthropic-version": "2023-06-01" },
      body: { model: anthropic.model, max_tokens: 4096, messages },
    },
    gemini: {
      url: (stream) => `${simulator.origin}/${gemini.name}/v1beta/models/${gemini.model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
      headers: { "x-goog-api-key": key },
      body: { contents: [{ role: "user", parts: [{ text: prompt }] }] },
    },
    openai: { url: () => `${simulator.baseUrl}/chat/completions`, headers: { authorization: `Bearer ${key}` }, body: { model: openai.model, messages } },
  };
  try {
    const streams = {} as Record<Format, Uint8Array[]>;
    const answers = {} as Record<Format, string>;
    for (const format of ["anthropic", "gemini", "openai"] as const) {
      const call = calls[format];
      const streamBody = format === "gemini" ? call.body : { ...call.body, stream: true };
      streams[format] = await recordStream(call.url(true), call.headers, streamBody);
      answers[format] = await recordBody(call.url(false), call.headers, call.body);
    }
    return { streams, answers };
  } finally {
    await simulator.stop();
  }
}

async function main(): Promise<void> {
  const { streams, answers } = await record();
  const rows: string[] = [];
  const row = (what: string, work: string, us: number, per: string): void => {
    rows.push(`| ${what} | ${work} | ${num(us, 1)} | ${per} |`);
    process.stderr.write(`translation-compute: ${rows.at(-1) ?? ""}\n`);
  };
  const streamRow = (stream: Format, work: string, pass: Pass): void => {
    const chunks = streams[stream];
    const us = microsPer(() => pass(chunks));
    row(`${stream} stream (${chunks.length} events, ${chunks.reduce((n, c) => n + c.length, 0)} B)`, work, us, num(us / chunks.length, 2));
  };
  for (const [stream, make] of [["anthropic", () => new AnthropicStreamDecoder()], ["gemini", () => new GeminiStreamDecoder()]] as const) {
    streamRow(stream, "TextDecoder + SSE parser", (chunks) => parseOnly(chunks));
    streamRow(stream, "+ JSON.parse per event", withJsonParse);
    streamRow(stream, "+ the provider's decoder instead (JSON.parse, zod, logic)", providerPass(make, false));
    streamRow(stream, "+ OpenAI chunks written (JSON.stringify) and encoded: the whole translation", providerPass(make, true));
  }
  streamRow("openai", "TextDecoder + SSE parser", (chunks) => parseOnly(chunks));
  streamRow("openai", "+ JSON.parse per event", withJsonParse);
  streamRow("openai", "+ Anthropic events written and encoded (`AnthropicEventTranslator`): the whole translation", ingressPass);

  // Plain calls: the work only a translated route does, next to what pass-through does instead.
  const openAIText = JSON.stringify({ model: benchUpstreams.openai.model, messages: [{ role: "user", content: prompt }] });
  const anthropicText = JSON.stringify({ model: benchUpstreams.openai.model, max_tokens: 1024, messages: [{ role: "user", content: prompt }] });
  const request = chatCompletionRequestSchema.parse(JSON.parse(openAIText));
  const plain = (what: string, work: string, fn: () => unknown): void => row(`plain: ${what}`, work, microsPer(fn), "");
  plain("pass-through", "request body written, usage read from the answer", () => [JSON.stringify({ ...request, model: "m" }), usageFromBody(answers.openai)]);
  plain("→ Anthropic", "request translated and written, answer translated", () => [JSON.stringify(translateRequest(request, "m", 4096)), translateResponse(answers.anthropic)]);
  plain("→ Gemini", "request translated and written, answer translated", () => [JSON.stringify(toGeminiChatBody(request)), translateChatResponse(answers.gemini, "m")]);
  plain("pass-through", "OpenAI request parsed and validated", () => chatCompletionRequestSchema.parse(JSON.parse(openAIText)));
  plain("`/v1/messages`", "Anthropic request parsed, validated, translated; answer translated back", () => [
    toOpenAIRequest(anthropicMessagesRequestSchema.parse(JSON.parse(anthropicText))),
    fromOpenAIResponse(answers.openai, "m"),
  ]);

  const markdown = [
    "# Translation: synchronous work per request (Node V8, median of 5 × 2000 passes)",
    "",
    "| upstream answer | work | µs per request | µs per event |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  mkdirSync(join(root, "bench", ".out"), { recursive: true });
  writeFileSync(join(root, "bench", ".out", "translation-compute.md"), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`translation-compute: FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
