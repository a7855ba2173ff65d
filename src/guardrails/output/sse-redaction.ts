/**
 * Redaction of a streamed chat completion: each choice's `delta.content`, and each of its tool calls'
 * `function.arguments`, runs through its own RedactionWindow. A chunk goes out with the text its
 * windows released; a chunk left with nothing but held-back text is dropped (its text goes out with a
 * later chunk), every other field and the order of events stay as they were. A choice's windows are
 * flushed into the chunk that carries its `finish_reason` (appended to its delta, so that a tool
 * call's arguments never arrive before its name); windows still open at `data: [DONE]`, or at the end
 * of the stream, are flushed into one chunk written just before it.
 */
import type { RedactionCounts } from "../../audit/redact";
import type { SseEvent } from "../../providers/shared/sse-parser";
import { addCounts } from "./redaction-counts";
import { arrayOf, indexOf, isJsonObject, type JsonObject, withToolArguments } from "./chat-fields";
import { type ChunkStep, chunkEvent, createChunkStream, serializeEvent } from "./sse-chunk-stream";
import { RedactionWindow } from "./text-window";

export interface StreamRedactionOptions {
  /** See RedactionWindow: the most characters held back per text, values up to half of it masked exactly. */
  readonly windowChars?: number;
}

export interface StreamRedaction {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  /** What was masked in the whole stream; settles when the stream ends (not if it is cancelled or fails). */
  readonly counts: Promise<RedactionCounts>;
  /** What was masked in the text released so far: for a stream that was cut short. */
  countsSoFar(): RedactionCounts;
}

export function createStreamRedaction(options: StreamRedactionOptions = {}): StreamRedaction {
  const redactor = new ChunkRedactor(options.windowChars);
  let settle: (counts: RedactionCounts) => void = () => undefined;
  const counts = new Promise<RedactionCounts>((resolve) => {
    settle = resolve;
  });
  const stream = createChunkStream({
    chunk: (chunk, event) => redactor.chunk(chunk, event),
    finish: () => {
      const flush = redactor.flushAll();
      settle(redactor.counts());
      return flush;
    },
  });
  return { stream, counts, countsSoFar: () => redactor.counts() };
}

/** The windows of one choice: its content's and its tool calls' arguments', by tool call index. */
interface ChoiceWindows {
  readonly content: RedactionWindow;
  readonly toolArguments: Map<number, RedactionWindow>;
}

/** What a choice's windows released when flushed. */
interface FlushedText {
  readonly content: string;
  readonly toolArguments: ReadonlyMap<number, string>;
}

class ChunkRedactor {
  private readonly open = new Map<number, ChoiceWindows>();
  private readonly flushedCounts: RedactionCounts = {};
  /** The last chunk's fields other than its choices and usage: the frame of a chunk that flushes. */
  private envelope: JsonObject = {};

  constructor(private readonly windowChars: number | undefined) {}

  chunk(chunk: JsonObject, event: SseEvent): ChunkStep {
    const { choices, usage: _usage, ...envelope } = chunk;
    if (!Array.isArray(choices)) return { write: [serializeEvent(event)] };
    this.envelope = envelope;
    const list: readonly unknown[] = choices;
    const redacted = list.map((choice, position) => this.redactChoice(choice, position));
    if (redacted.every((choice, position) => choice === list[position])) return { write: [serializeEvent(event)] };
    const output = { ...chunk, choices: redacted };
    return { write: carriesNothing(output) ? [] : [chunkEvent(output, event.event)] };
  }

  /** Flushes every open window into one chunk (none when nothing was held back). */
  flushAll(): string[] {
    const choices: JsonObject[] = [];
    for (const index of [...this.open.keys()]) {
      const delta = withFlushedText({}, this.flush(index));
      if (Object.keys(delta).length > 0) choices.push({ index, delta, logprobs: null, finish_reason: null });
    }
    return choices.length === 0 ? [] : [chunkEvent({ ...this.envelope, choices })];
  }

  counts(): RedactionCounts {
    const total: RedactionCounts = {};
    addCounts(total, this.flushedCounts);
    for (const windows of this.open.values()) {
      addCounts(total, windows.content.counts);
      for (const window of windows.toolArguments.values()) addCounts(total, window.counts);
    }
    return total;
  }

  /** The choice with its texts replaced by what their windows release, or the choice itself when it has none. */
  private redactChoice(choice: unknown, position: number): unknown {
    if (!isJsonObject(choice)) return choice;
    const index = indexOf(choice, position);
    const delta = isJsonObject(choice.delta) ? choice.delta : undefined;
    let redacted = delta === undefined ? undefined : this.redactDelta(delta, index);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined && this.open.has(index)) {
      redacted = withFlushedText({ ...(redacted ?? delta) }, this.flush(index));
    }
    return redacted === delta ? choice : { ...choice, delta: redacted };
  }

  private redactDelta(delta: JsonObject, index: number): JsonObject {
    const { content, tool_calls: toolCalls } = delta;
    if (typeof content !== "string" && !Array.isArray(toolCalls)) return delta;
    const windows = this.windowsOf(index);
    const redacted = { ...delta };
    if (typeof content === "string") redacted.content = windows.content.push(content);
    if (Array.isArray(toolCalls)) {
      redacted.tool_calls = withToolArguments(toolCalls, (text, toolIndex) => this.toolWindow(windows, toolIndex).push(text));
    }
    return redacted;
  }

  private windowsOf(index: number): ChoiceWindows {
    let windows = this.open.get(index);
    if (windows === undefined) {
      windows = { content: new RedactionWindow(this.windowChars), toolArguments: new Map() };
      this.open.set(index, windows);
    }
    return windows;
  }

  private toolWindow(windows: ChoiceWindows, toolIndex: number): RedactionWindow {
    let window = windows.toolArguments.get(toolIndex);
    if (window === undefined) {
      window = new RedactionWindow(this.windowChars);
      windows.toolArguments.set(toolIndex, window);
    }
    return window;
  }

  /** Releases and closes a choice's windows. */
  private flush(index: number): FlushedText {
    const windows = this.open.get(index);
    this.open.delete(index);
    if (windows === undefined) return { content: "", toolArguments: new Map() };
    const content = windows.content.finish();
    addCounts(this.flushedCounts, windows.content.counts);
    const toolArguments = new Map<number, string>();
    for (const [toolIndex, window] of windows.toolArguments) {
      toolArguments.set(toolIndex, window.finish());
      addCounts(this.flushedCounts, window.counts);
    }
    return { content, toolArguments };
  }
}

/** `delta` with flushed text appended to its content and to its tool calls' arguments (added where missing). */
function withFlushedText(delta: JsonObject, flushed: FlushedText): JsonObject {
  if (flushed.content !== "") delta.content = (typeof delta.content === "string" ? delta.content : "") + flushed.content;
  const rest = [...flushed.toolArguments].filter(([, text]) => text !== "");
  if (rest.length === 0) return delta;
  const calls = [...arrayOf(delta.tool_calls)];
  for (const [toolIndex, text] of rest) {
    const position = calls.findIndex((call) => isJsonObject(call) && call.index === toolIndex);
    const call = calls[position];
    if (isJsonObject(call) && isJsonObject(call.function)) {
      const before = typeof call.function.arguments === "string" ? call.function.arguments : "";
      calls[position] = { ...call, function: { ...call.function, arguments: before + text } };
    } else {
      calls.push({ index: toolIndex, function: { arguments: text } });
    }
  }
  delta.tool_calls = calls;
  return delta;
}

/**
 * True for a chunk that only carried text which is now held back: no usage, and each choice has
 * nothing but empty text, empty argument fragments, and null `finish_reason`, `logprobs`, `refusal`.
 */
function carriesNothing(chunk: JsonObject): boolean {
  const choices = chunk.choices;
  if ((chunk.usage ?? null) !== null || !Array.isArray(choices) || choices.length === 0) return false;
  return arrayOf(choices).every(
    (choice) =>
      isJsonObject(choice) &&
      Object.entries(choice).every(([key, value]) => (key === "delta" ? isEmptyDelta(value) : key === "index" || value === null)),
  );
}

function isEmptyDelta(delta: unknown): boolean {
  if (!isJsonObject(delta)) return false;
  return Object.entries(delta).every(([key, value]) => {
    if (key === "content") return value === "" || value === null;
    if (key === "tool_calls") return Array.isArray(value) && arrayOf(value).every(isEmptyArgumentFragment);
    return value === null;
  });
}

/** `{ index, function: { arguments: "" } }`: a fragment of arguments, all of it held back. */
function isEmptyArgumentFragment(call: unknown): boolean {
  if (!isJsonObject(call) || !isJsonObject(call.function)) return false;
  const otherKeys = Object.keys(call).filter((key) => key !== "index" && key !== "function");
  return otherKeys.length === 0 && call.function.arguments === "" && Object.keys(call.function).length === 1;
}
