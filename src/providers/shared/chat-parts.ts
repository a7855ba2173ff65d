import type { TokenUsage } from "../../schemas/usage";

/** OpenAI's finish reasons, which every provider's stop reasons are mapped onto. */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export interface ToolCallPart {
  readonly id: string;
  readonly name: string;
  /** The arguments as a JSON text, as OpenAI carries them. */
  readonly arguments: string;
}

/** A provider's whole chat answer, normalized; serialized to OpenAI's `chat.completion` by `openai-output.ts`. */
export interface ChatAnswer {
  readonly id: string;
  readonly model: string;
  readonly text: string | null;
  readonly toolCalls: readonly ToolCallPart[];
  readonly finishReason: FinishReason;
  readonly usage: TokenUsage | null;
}

/**
 * One step of a provider's stream, normalized. Provider decoders emit these; `translate-stream.ts`
 * writes them as OpenAI `chat.completion.chunk` events.
 */
export type StreamPart =
  /** The upstream named its message id or model (both optional). */
  | { readonly type: "start"; readonly id?: string; readonly model?: string }
  | { readonly type: "text"; readonly text: string }
  /** A tool call begins; `arguments` may already hold all or part of its JSON. */
  | { readonly type: "tool_call"; readonly index: number; readonly id: string; readonly name: string; readonly arguments: string }
  /** More of the JSON arguments of the tool call at `index`. */
  | { readonly type: "tool_arguments"; readonly index: number; readonly arguments: string }
  | { readonly type: "finish"; readonly reason: FinishReason }
  /** The usage so far; a later one replaces an earlier one. */
  | { readonly type: "usage"; readonly usage: TokenUsage }
  /** The upstream reported an error mid-stream; `code` is an identifier such as `overloaded_error`, never its message. */
  | { readonly type: "error"; readonly code: string | null };

/** Turns one upstream stream's events into parts; stateful, so one is made per stream. */
export interface StreamDecoder<Event> {
  decode(event: Event): readonly StreamPart[];
}
