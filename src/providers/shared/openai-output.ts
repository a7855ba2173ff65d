import type { TokenUsage } from "../../schemas/usage";
import type { ChatAnswer, FinishReason } from "./chat-parts";

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** OpenAI's `usage` object from normalized usage. */
export function toOpenAIUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
  };
}

/** A whole `chat.completion` body, as OpenAI would have answered. */
export function openAIChatCompletion(answer: ChatAnswer): string {
  const message: Record<string, unknown> = { role: "assistant", content: answer.text, refusal: null };
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return JSON.stringify({
    id: answer.id,
    object: "chat.completion",
    created: nowSeconds(),
    model: answer.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    ...(answer.usage ? { usage: toOpenAIUsage(answer.usage) } : {}),
  });
}

/**
 * Writes OpenAI `chat.completion.chunk` SSE events for one stream. The fields every chunk repeats are
 * serialized once; only each chunk's own part is serialized per event.
 */
export class OpenAIChunkWriter {
  private readonly created = nowSeconds();
  private prefix = "";

  constructor(
    private id: string,
    private model: string,
  ) {
    this.prefix = this.buildPrefix();
  }

  rename(id: string | undefined, model: string | undefined): void {
    if (id) this.id = id;
    if (model) this.model = model;
    this.prefix = this.buildPrefix();
  }

  delta(delta: Record<string, unknown>, finishReason: FinishReason | null = null): string {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
    return `${this.prefix}"choices":[${JSON.stringify(choice)}]}\n\n`;
  }

  usage(usage: TokenUsage): string {
    return `${this.prefix}"choices":[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\n`;
  }

  private buildPrefix(): string {
    const fixed = JSON.stringify({ id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model });
    return `data: ${fixed.slice(0, -1)},`;
  }
}

export const doneEvent = "data: [DONE]\n\n";

/**
 * What a client reads when the provider fails mid-stream: an `error` event (the OpenAI SDKs raise it
 * as an APIError) with a generic message, never the provider's.
 */
export function streamErrorEvent(code: string | null): string {
  const error = {
    message: "The provider failed while streaming the response.",
    type: "server_error",
    param: null,
    code: code ?? "upstream_stream_error",
  };
  return `data: ${JSON.stringify({ error })}\n\n`;
}
