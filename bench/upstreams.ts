/**
 * The zero-latency upstreams the bench's simulator serves, one per wire format, and the model
 * each serves. `simulator-process.ts` makes them providers of the simulator; `switchboard-setup.ts`
 * points the gateway at them. The path prefix on the simulator is the name.
 */
export const benchUpstreams = {
  openai: { name: "bench", format: "openai", model: "gpt-4o-mini" },
  anthropic: { name: "bench-anthropic", format: "anthropic", model: "claude-haiku-4-5" },
  gemini: { name: "bench-gemini", format: "gemini", model: "gemini-2.5-flash" },
} as const;

export type BenchUpstream = (typeof benchUpstreams)[keyof typeof benchUpstreams];
