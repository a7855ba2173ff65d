import { SseParser } from "../providers/shared/sse-parser";

/** What a streamed answer said, assembled from its events: the first choice's text and its tool calls. */
export interface StreamedAnswer {
  readonly text: string;
  readonly toolCalls: { name: string; arguments: string }[];
}

type Json = Record<string, unknown>;

function objectOf(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Reads the answer out of the SSE a client was sent, in OpenAI's chunk format
 * (`choices[0].delta.content`, `delta.tool_calls`) or Anthropic's (`content_block_delta` text and
 * tool input). Unreadable events are skipped: the record's hash covers the bytes either way.
 */
export function streamedAnswerOf(sse: string): StreamedAnswer {
  let text = "";
  const toolCalls: { name: string; arguments: string }[] = [];
  const toolAt = (index: number) => (toolCalls[index] ??= { name: "", arguments: "" });
  for (const event of new SseParser().push(`${sse}\n\n`)) {
    let data: Json | null;
    try {
      data = objectOf(JSON.parse(event.data));
    } catch {
      continue;
    }
    if (!data) continue;
    const choice = Array.isArray(data.choices) ? objectOf(data.choices.find((item) => objectOf(item)?.index === 0 || objectOf(item)?.index === undefined)) : null;
    const delta = objectOf(choice?.delta);
    if (delta) {
      text += stringOf(delta.content);
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        const fields = objectOf(call);
        const fn = objectOf(fields?.function);
        const slot = toolAt(typeof fields?.index === "number" ? fields.index : 0);
        slot.name += stringOf(fn?.name);
        slot.arguments += stringOf(fn?.arguments);
      }
      continue;
    }
    const index = typeof data.index === "number" ? data.index : 0;
    if (data.type === "content_block_start") {
      const block = objectOf(data.content_block);
      if (block?.type === "tool_use") toolAt(index).name = stringOf(block.name);
    } else if (data.type === "content_block_delta") {
      const part = objectOf(data.delta);
      if (part?.type === "text_delta") text += stringOf(part.text);
      else if (part?.type === "input_json_delta") toolAt(index).arguments += stringOf(part.partial_json);
    }
  }
  return { text, toolCalls: toolCalls.filter((call) => call !== undefined) };
}
