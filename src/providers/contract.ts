import type { ErrorReason } from "../errors/gateway-error";
import type { ChatCompletionRequest } from "../schemas/openai/chat";
import type { EmbeddingsRequest } from "../schemas/openai/embeddings";
import type { TokenUsage } from "../schemas/usage";
import type * as z from "zod/mini";

/** What a provider kind can serve; requests needing more are refused before any upstream call. */
export interface ProviderCapabilities {
  readonly chat: boolean;
  readonly streaming: boolean;
  readonly tools: boolean;
  /** Images in user messages. */
  readonly vision: boolean;
  readonly jsonMode: boolean;
  readonly embeddings: boolean;
}

/** Everything a provider can be asked for: OpenAI's, Azure's and Gemini's APIs serve it all. */
export const everyCapability: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  vision: true,
  jsonMode: true,
  embeddings: true,
};

/** Per-attempt facts an adapter needs besides the request. */
export interface UpstreamCall {
  readonly upstreamModel: string;
  /** The provider key read from its Worker secret, or null for keyless providers. */
  readonly apiKey: string | null;
}

/** An HTTP call to the provider's API. */
export interface HttpUpstreamRequest {
  readonly transport: "http";
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** A call through the Workers AI binding (`env.AI.run`), which has no URL. */
export interface WorkersAIUpstreamRequest {
  readonly transport: "workers-ai";
  readonly model: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** How to reach the provider for one attempt; `routing/send-upstream.ts` performs it. */
export type UpstreamRequest = HttpUpstreamRequest | WorkersAIUpstreamRequest;

/** A provider's answer translated to OpenAI's shape; `body` is what the client receives. */
export interface TranslatedBody {
  readonly body: string;
  readonly usage: TokenUsage | null;
}

/** How an upstream stream ended, once it has: its usage (if reported) and whether it failed. */
export interface StreamCompletion {
  readonly usage: TokenUsage | null;
  readonly upstreamFailed: boolean;
}

/** A stream in OpenAI `chat.completion.chunk` SSE bytes, and how its upstream ended. */
export interface TranslatedStream {
  readonly body: ReadableStream<Uint8Array>;
  /** Settles when the upstream stream ends (or the client cancelled it); never rejects. */
  readonly completion: Promise<StreamCompletion>;
}

export interface StreamOptions {
  /**
   * How long a stream may go without a piece from the upstream before it is ended with an error
   * event; 0 for no limit.
   */
  readonly idleTimeoutMs: number;
  /**
   * The gateway asked the upstream for the usage chunk (`stream_options.include_usage`) though the
   * client did not, to settle its limits: an OpenAI-format stream then withholds it from the client.
   */
  readonly withholdUsageEvent?: boolean;
}

/**
 * A provider adapter, bound to one provider's configuration. Each of its translations is pure:
 * the adapter never fetches, so routing, retries and timeouts stay in one place.
 */
export interface ProviderAdapter {
  readonly capabilities: ProviderCapabilities;
  chatRequest(request: ChatCompletionRequest, call: UpstreamCall): UpstreamRequest;
  chatResponse(upstreamBody: string, request: ChatCompletionRequest): TranslatedBody;
  /** Turns the upstream stream into OpenAI `chat.completion.chunk` SSE bytes, incrementally. */
  chatStream(upstreamBody: ReadableStream<Uint8Array>, request: ChatCompletionRequest, options: StreamOptions): TranslatedStream;
  /** Null for providers without embeddings. */
  readonly embeddings: EmbeddingsTranslation | null;
  /**
   * For a provider that speaks Anthropic's Messages API itself: `/v1/messages` requests it serves go
   * through untranslated, so nothing Anthropic-only (prompt caching, thinking) is lost. Null otherwise.
   */
  readonly anthropicMessages: NativePassThrough | null;
  /** Maps a non-2xx upstream answer to an internal reason; never copies the body into it. */
  failure(status: number, headers: Headers, upstreamBody: string): ErrorReason;
}

/** Requests and answers already in the provider's own format, passed through with only `model` set. */
export interface NativePassThrough {
  request(body: Readonly<Record<string, unknown>>, call: UpstreamCall): UpstreamRequest;
  /** The answer as received, with its usage. */
  response(upstreamBody: string): TranslatedBody;
  /** The stream as received (ended with an error event if it stalls `idleTimeoutMs` or breaks), with its usage. */
  stream(upstreamBody: ReadableStream<Uint8Array>, idleTimeoutMs: number): TranslatedStream;
}

export interface EmbeddingsTranslation {
  request(request: EmbeddingsRequest, call: UpstreamCall): UpstreamRequest;
  response(upstreamBody: string, request: EmbeddingsRequest): TranslatedBody;
}

/** Fields every provider configuration has, whatever its kind. */
export interface ProviderConfigBase {
  readonly kind: string;
  readonly region: string;
}

/** One provider kind: its config schema, what it can do, and how to build its adapter. */
export interface ProviderDefinition<Config extends ProviderConfigBase> {
  readonly kind: Config["kind"];
  readonly configSchema: z.ZodMiniType<Config> & z.core.$ZodTypeDiscriminable;
  /** What this provider can serve; a preset or setting may narrow its kind's full set. */
  capabilities(config: Config): ProviderCapabilities;
  /** The name of the Worker secret holding this provider's key, if it needs one. */
  apiKeySecret(config: Config): string | null;
  createAdapter(config: Config): ProviderAdapter;
}
