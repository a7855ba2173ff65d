import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import type { StreamOptions, TranslatedStream } from "../contract";
import type { FinishReason, StreamDecoder, StreamPart } from "../shared/chat-parts";
import type { SseEvent } from "../shared/sse-parser";
import { translateSseStream } from "../shared/translate-stream";
import { safeField } from "../shared/openai-failure";
import { mergeUsage, toFinishReason, toTokenUsage } from "./normalize";
import {
  type AnthropicUsage,
  blockDeltaSchema,
  blockStartSchema,
  blockStopSchema,
  errorBodySchema,
  jsonDeltaSchema,
  messageDeltaSchema,
  messageStartSchema,
  narrow,
  parseJson,
  textDeltaSchema,
  toolUseBlockSchema,
} from "./wire";

/** A known event whose data does not have its documented shape. */
const malformed: readonly StreamPart[] = [{ type: "error", code: "upstream_stream_malformed" }];
const none: readonly StreamPart[] = [];

interface ToolBlock {
  readonly index: number;
  hasArguments: boolean;
}

/**
 * Decodes one Anthropic Messages stream. Content blocks are numbered across text, tool_use and
 * thinking blocks alike, whereas OpenAI numbers tool calls alone from 0, so tool_use blocks are
 * renumbered. Unknown events, block kinds and delta kinds are skipped, as Anthropic asks of clients.
 */
export class AnthropicStreamDecoder implements StreamDecoder<SseEvent> {
  /** Anthropic block index → OpenAI tool call index. */
  private readonly toolBlocks = new Map<number, ToolBlock>();
  private usage: AnthropicUsage = {};
  private finished = false;

  decode(event: SseEvent): readonly StreamPart[] {
    const data = parseJson(event.data);
    const named = typeof data === "object" && data !== null ? (data as { type?: unknown }).type : undefined;
    switch (typeof named === "string" ? named : event.event) {
      case "message_start":
        return this.messageStart(data);
      case "content_block_start":
        return this.blockStart(data);
      case "content_block_delta":
        return this.blockDelta(data);
      case "content_block_stop":
        return this.blockStop(data);
      case "message_delta":
        return this.messageDelta(data);
      case "message_stop":
        // A stream that never named a stop reason still ended normally.
        return this.finished ? none : this.finish("stop");
      case "error":
        return [{ type: "error", code: safeField(narrow(errorBodySchema, data)?.error.type) }];
      default:
        return none;
    }
  }

  private messageStart(data: unknown): readonly StreamPart[] {
    const start = narrow(messageStartSchema, data);
    if (!start) return malformed;
    const { id, model, usage } = start.message;
    const parts: StreamPart[] = [{ type: "start", ...(id ? { id } : {}), ...(model ? { model } : {}) }];
    // Input tokens are known from here on; reporting them now keeps them if the stream breaks.
    if (usage) parts.push(this.usagePart(usage));
    return parts;
  }

  private blockStart(data: unknown): readonly StreamPart[] {
    const start = narrow(blockStartSchema, data);
    if (!start) return malformed;
    const block = start.content_block;
    if (block.type === "text") {
      const text = typeof block.text === "string" ? block.text : "";
      return text === "" ? none : [{ type: "text", text }];
    }
    if (block.type !== "tool_use") return none;
    const tool = narrow(toolUseBlockSchema, block);
    if (!tool) return malformed;
    const index = this.toolBlocks.size;
    this.toolBlocks.set(start.index, { index, hasArguments: false });
    return [{ type: "tool_call", index, id: tool.id, name: tool.name, arguments: "" }];
  }

  private blockDelta(data: unknown): readonly StreamPart[] {
    const event = narrow(blockDeltaSchema, data);
    if (!event) return malformed;
    const { delta } = event;
    if (delta.type === "text_delta") {
      const text = narrow(textDeltaSchema, delta);
      return text ? [{ type: "text", text: text.text }] : malformed;
    }
    if (delta.type !== "input_json_delta") return none;
    const json = narrow(jsonDeltaSchema, delta);
    if (!json) return malformed;
    const tool = this.toolBlocks.get(event.index);
    if (!tool || json.partial_json === "") return none;
    tool.hasArguments = true;
    return [{ type: "tool_arguments", index: tool.index, arguments: json.partial_json }];
  }

  private blockStop(data: unknown): readonly StreamPart[] {
    const stop = narrow(blockStopSchema, data);
    if (!stop) return malformed;
    const tool = this.toolBlocks.get(stop.index);
    // A call without parameters may stream no JSON at all; OpenAI clients parse its arguments.
    if (!tool || tool.hasArguments) return none;
    tool.hasArguments = true;
    return [{ type: "tool_arguments", index: tool.index, arguments: "{}" }];
  }

  private messageDelta(data: unknown): readonly StreamPart[] {
    const delta = narrow(messageDeltaSchema, data);
    if (!delta) return malformed;
    // The usage part goes first: nothing after the finish part is written.
    const parts: StreamPart[] = delta.usage ? [this.usagePart(delta.usage)] : [];
    const reason = delta.delta.stop_reason;
    return reason ? [...parts, ...this.finish(toFinishReason(reason))] : parts;
  }

  private usagePart(usage: AnthropicUsage): StreamPart {
    this.usage = mergeUsage(this.usage, usage);
    return { type: "usage", usage: toTokenUsage(this.usage) };
  }

  private finish(reason: FinishReason): readonly StreamPart[] {
    this.finished = true;
    return [{ type: "finish", reason }];
  }
}

/** An Anthropic SSE stream as OpenAI `chat.completion.chunk` events, translated as bytes arrive. */
export function translateStream(upstream: ReadableStream<Uint8Array>, request: ChatCompletionRequest, options?: StreamOptions): TranslatedStream {
  return translateSseStream(upstream, request, new AnthropicStreamDecoder(), request.model, options?.idleTimeoutMs ?? 0);
}
