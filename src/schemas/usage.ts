/** Token usage, normalized across providers. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** Of `inputTokens`, those served from the provider's prompt cache (often billed lower). */
  readonly cachedInputTokens: number;
}
