/** A simulated upstream provider: one path prefix on the simulator (`/<name>/v1/...`). */
export interface SimulatedProvider {
  name: string;
  region: string;
  chatModels: string[];
  embeddingModels: string[];
  /** Delay before response headers. */
  latencyMs: number;
  /** Delay after headers, before the first stream chunk. */
  ttftMs: number;
  interChunkMs: number;
  /** 0..1: fraction of requests answered with a 500, decided by a PRNG seeded per provider so runs repeat. */
  failureRate: number;
}

const chatModels = ["gpt-4o-mini", "gpt-4o"];
const embeddingModels = ["text-embedding-3-small"];

export const defaultProviders: SimulatedProvider[] = [
  { name: "openai-us", region: "us", chatModels, embeddingModels, latencyMs: 5, ttftMs: 20, interChunkMs: 5, failureRate: 0 },
  { name: "openai-eu", region: "eu", chatModels, embeddingModels, latencyMs: 12, ttftMs: 30, interChunkMs: 8, failureRate: 0 },
  { name: "openai-ap", region: "ap", chatModels, embeddingModels, latencyMs: 20, ttftMs: 40, interChunkMs: 10, failureRate: 0 },
  { name: "flaky", region: "us", chatModels, embeddingModels, latencyMs: 5, ttftMs: 20, interChunkMs: 5, failureRate: 1 },
];
