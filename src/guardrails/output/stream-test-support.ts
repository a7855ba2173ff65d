/** Running SSE text through the output guardrails' streams, for their tests. */
import { SseParser } from "../../providers/shared/sse-parser";
import type { JsonObject } from "./chat-fields";

/** Chunks (objects) and raw SSE texts (strings) as one SSE text. */
export function sseText(events: readonly (JsonObject | string)[]): string {
  return events.map((event) => (typeof event === "string" ? event : `data: ${JSON.stringify(event)}\n\n`)).join("");
}

/** Pipes `text` through `stream` as UTF-8 cut at the given byte positions; returns all that came out. */
export async function runThrough(stream: TransformStream<Uint8Array, Uint8Array>, text: string, byteCuts: readonly number[] = []): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const cuts = [...new Set(byteCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(from, cut));
    from = cut;
  }
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  // pipeThrough, as the gateway would: a guard that ends the stream cancels its source.
  return new Response(source.pipeThrough(stream)).text();
}

/** The data of each event in an SSE text. */
export function eventData(text: string): string[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((event) => event.data);
}

/** The parsed chunks of an SSE text (not `[DONE]`, not data that is not JSON). */
export function chunksOf(text: string): JsonObject[] {
  return eventData(text).flatMap((data) => {
    try {
      return [JSON.parse(data) as JsonObject];
    } catch {
      return [];
    }
  });
}

/** Everything a choice's deltas say, in order: its content and each tool call's arguments, joined. */
export function streamedTexts(chunks: readonly JsonObject[], choiceIndex: number): { content: string; toolArguments: Map<number, string> } {
  let content = "";
  const toolArguments = new Map<number, string>();
  for (const chunk of chunks) {
    for (const choice of (chunk.choices ?? []) as JsonObject[]) {
      if (choice.index !== choiceIndex) continue;
      const delta = (choice.delta ?? {}) as { content?: string | null; tool_calls?: { index: number; function?: { arguments?: string } }[] };
      content += delta.content ?? "";
      for (const call of delta.tool_calls ?? []) {
        toolArguments.set(call.index, (toolArguments.get(call.index) ?? "") + (call.function?.arguments ?? ""));
      }
    }
  }
  return { content, toolArguments };
}

/** A chunk as the gateway writes it. */
export function chunk(choices: readonly JsonObject[], extra: JsonObject = {}): JsonObject {
  return { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices, ...extra };
}

export function contentChoice(index: number, content: string, finishReason: string | null = null): JsonObject {
  return { index, delta: { content }, logprobs: null, finish_reason: finishReason };
}
