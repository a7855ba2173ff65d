import { anthropicStreamErrorEvent } from "../../providers/anthropic/stream-error-event";
import { readOpenAIUsage } from "../../providers/openai/usage";
import type { SseEvent } from "../../providers/shared/sse-parser";
import type { TokenUsage } from "../../schemas/usage";
import { toAnthropicUsage, toMessageId, toStopReason } from "./message-parts";

/** One Anthropic SSE event, framed exactly as Anthropic's API frames it. */
function sse(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}


type Fields = Readonly<Record<string, unknown>>;

/** Chunks are read field by field: a provider's odd chunk must not throw inside the stream. */
function fields(value: unknown): Fields | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

type OpenBlock = { readonly kind: "text"; readonly index: number } | { readonly kind: "tool"; readonly index: number } | null;

function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Turns the events of one OpenAI `chat.completion.chunk` stream into Anthropic's stream events:
 * `message_start`, then one content block at a time (`content_block_start`, deltas,
 * `content_block_stop`), then `message_delta` with the stop reason and usage, and `message_stop`.
 *
 * OpenAI streams report usage only in their last chunk, so `message_start` carries zeros and
 * `message_delta` carries the whole usage (input, output and cache reads): Anthropic's SDK takes
 * the non-null counters of `message_delta` over those of `message_start`.
 *
 * The stream has ended properly once it sent a finish reason or `[DONE]`; an `error` event, an
 * unreadable chunk, or an end without either becomes Anthropic's `error` event. Stateful: one per
 * stream.
 */
export class AnthropicEventTranslator {
  private state: "running" | "done" | "failed" = "running";
  private started = false;
  private open: OpenBlock = null;
  private nextIndex = 0;
  /** OpenAI tool-call index → Anthropic content block index. */
  private readonly toolBlocks = new Map<number, number>();
  private finishReason: string | null = null;
  usage: TokenUsage | null = null;

  constructor(private readonly requestModel: string) {}

  get ended(): boolean {
    return this.state !== "running";
  }

  get upstreamFailed(): boolean {
    return this.state === "failed";
  }

  push(events: readonly SseEvent[]): string {
    let out = "";
    for (const event of events) {
      if (this.state !== "running") break;
      out += this.event(event);
    }
    return out;
  }

  /** The upstream ended (or broke off): close properly, or report the stream as failed. */
  end(): string {
    if (this.state !== "running") return "";
    return this.finishReason === null ? this.fail() : this.finish();
  }

  private event(event: SseEvent): string {
    if (event.data === "[DONE]") return this.finish();
    if (event.event === "error") return this.fail();
    let chunk: Fields | null;
    try {
      chunk = fields(JSON.parse(event.data));
    } catch {
      return this.fail();
    }
    if (chunk === null || (chunk.error !== undefined && chunk.error !== null)) return this.fail();
    let out = this.start(chunk);
    const usage = readOpenAIUsage(chunk.usage);
    if (usage) this.usage = usage;
    const choice = list(chunk.choices).map(fields).find((candidate) => candidate !== null && (candidate.index ?? 0) === 0);
    const delta = fields(choice?.delta);
    const text = nonEmptyString(delta?.content) ?? nonEmptyString(delta?.refusal);
    if (text !== null) out += this.text(text);
    for (const call of list(delta?.tool_calls)) {
      const toolCall = fields(call);
      if (toolCall) out += this.toolCall(toolCall);
    }
    if (typeof choice?.finish_reason === "string") this.finishReason = choice.finish_reason;
    return out;
  }

  private start(chunk: Fields): string {
    if (this.started) return "";
    this.started = true;
    const message = {
      id: toMessageId(typeof chunk.id === "string" ? chunk.id : null),
      type: "message",
      role: "assistant",
      model: nonEmptyString(chunk.model) ?? this.requestModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(null),
    };
    return sse("message_start", { message });
  }

  private text(text: string): string {
    let out = "";
    if (this.open?.kind !== "text") {
      out += this.closeOpen();
      const index = this.nextIndex++;
      this.open = { kind: "text", index };
      out += sse("content_block_start", { index, content_block: { type: "text", text: "" } });
    }
    return out + sse("content_block_delta", { index: this.open.index, delta: { type: "text_delta", text } });
  }

  /**
   * A new OpenAI tool-call index opens a `tool_use` block; its argument pieces follow as
   * `input_json_delta`. OpenAI sends each call's pieces together, so blocks close in order; should
   * a provider interleave calls, late pieces still go to their own block's index (the SDK
   * accumulates by index) rather than being lost.
   */
  private toolCall(call: Fields): string {
    const toolIndex = typeof call.index === "number" ? call.index : 0;
    const fn = fields(call.function);
    let out = "";
    let index = this.toolBlocks.get(toolIndex);
    if (index === undefined) {
      out += this.closeOpen();
      index = this.nextIndex++;
      this.toolBlocks.set(toolIndex, index);
      this.open = { kind: "tool", index };
      const id = nonEmptyString(call.id) ?? `toolu_${crypto.randomUUID().replaceAll("-", "")}`;
      const name = typeof fn?.name === "string" ? fn.name : "";
      out += sse("content_block_start", { index, content_block: { type: "tool_use", id, name, input: {} } });
    }
    const partial = nonEmptyString(fn?.arguments);
    if (partial !== null) out += sse("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: partial } });
    return out;
  }

  private closeOpen(): string {
    if (this.open === null) return "";
    const index = this.open.index;
    this.open = null;
    return sse("content_block_stop", { index });
  }

  private finish(): string {
    this.state = "done";
    const out = this.start({}) + this.closeOpen();
    const delta = { stop_reason: toStopReason(this.finishReason, this.toolBlocks.size > 0), stop_sequence: null };
    return out + sse("message_delta", { delta, usage: toAnthropicUsage(this.usage) }) + sse("message_stop", {});
  }

  private fail(): string {
    this.state = "failed";
    return anthropicStreamErrorEvent;
  }
}
