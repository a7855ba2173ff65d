/**
 * The plumbing shared by the output guardrails that act on an OpenAI `chat.completion.chunk` stream:
 * bytes to Server-Sent Events (SseParser), each event whose data is a JSON object to a handler, and
 * the handler's answer back to bytes. Other events (`[DONE]`, data that is not a JSON object) are
 * written as they came. The parser keeps only `event:` and `data:` fields, so comment lines and
 * `id:`/`retry:` fields are not carried (the gateway's own streams write none).
 */
import { type SseEvent, SseParser } from "../../providers/shared/sse-parser";
import { isJsonObject, type JsonObject } from "./chat-fields";

export interface ChunkStep {
  /** SSE text to write in the event's place (`serializeEvent(event)` keeps it as it was). */
  readonly write: readonly string[];
  /** Ends the stream after `write`; the rest of the input is dropped. */
  readonly end?: boolean;
}

export interface ChunkStreamHandler {
  chunk(chunk: JsonObject, event: SseEvent): ChunkStep;
  /** Text to write before `data: [DONE]`, or at the end of a stream that has none; called once. */
  finish(): readonly string[];
}

const doneData = "[DONE]";

export function createChunkStream(handler: ChunkStreamHandler): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const parser = new SseParser();
  let finished = false;
  let ended = false;

  const finish = (): readonly string[] => {
    if (finished) return [];
    finished = true;
    return handler.finish();
  };

  const handle = (event: SseEvent): ChunkStep => {
    if (event.data === doneData) return { write: [...finish(), serializeEvent(event)] };
    const chunk = parseObject(event.data);
    return chunk === undefined ? { write: [serializeEvent(event)] } : handler.chunk(chunk, event);
  };

  const writeAll = (events: readonly SseEvent[], controller: TransformStreamDefaultController<Uint8Array>): void => {
    for (const event of events) {
      if (ended) return;
      const step = handle(event);
      const text = step.write.join("");
      if (text !== "") controller.enqueue(encoder.encode(text));
      if (step.end === true) {
        ended = true;
        controller.terminate();
      }
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      if (!ended) writeAll(parser.push(decoder.decode(bytes, { stream: true })), controller);
    },
    flush(controller) {
      if (ended) return;
      writeAll([...parser.push(decoder.decode()), ...parser.end()], controller);
      if (ended) return;
      const rest = finish().join("");
      if (rest !== "") controller.enqueue(encoder.encode(rest));
    },
  });
}

/** An event as SSE text: its `event:` line unless it is a plain message, one `data:` line per line of data. */
export function serializeEvent(event: SseEvent): string {
  const name = event.event === "message" ? "" : `event: ${event.event}\n`;
  return `${name}${event.data
    .split("\n")
    .map((line) => `data: ${line}`)
    .join("\n")}\n\n`;
}

/** A chunk written as the data of an event named `eventName`. */
export function chunkEvent(chunk: JsonObject, eventName = "message"): string {
  return serializeEvent({ event: eventName, data: JSON.stringify(chunk) });
}

function parseObject(data: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
