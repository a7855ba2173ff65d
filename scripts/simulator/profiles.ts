import { PROMPT_GUARD_MODEL } from "./prompt-guard";

/** The wire format a simulated provider speaks under its path prefix. */
export type WireFormat = "openai" | "anthropic" | "gemini" | "azure";

/** A simulated upstream provider: one path prefix on the simulator (`/<name>/...`). */
export interface SimulatedProvider {
  name: string;
  region: string;
  /** Defaults to "openai" (`/<name>/v1/...`). */
  format?: WireFormat;
  /** Chat models (Azure: chat deployments, named after their model). */
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

export function formatOf(provider: SimulatedProvider): WireFormat {
  return provider.format ?? "openai";
}

const chatModels = ["gpt-4o-mini", "gpt-4o"];
const embeddingModels = ["text-embedding-3-small"];
const claudeModels = ["claude-sonnet-4-5", "claude-haiku-4-5"];
const geminiChatModels = ["gemini-2.5-flash", "gemini-2.5-pro"];
const geminiEmbeddingModels = ["gemini-embedding-001"];

export const defaultProviders: SimulatedProvider[] = [
  { name: "openai-us", region: "us", chatModels, embeddingModels, latencyMs: 5, ttftMs: 20, interChunkMs: 5, failureRate: 0 },
  { name: "openai-eu", region: "eu", chatModels, embeddingModels, latencyMs: 12, ttftMs: 30, interChunkMs: 8, failureRate: 0 },
  { name: "openai-ap", region: "ap", chatModels, embeddingModels, latencyMs: 20, ttftMs: 40, interChunkMs: 10, failureRate: 0 },
  { name: "flaky", region: "us", chatModels, embeddingModels, latencyMs: 5, ttftMs: 20, interChunkMs: 5, failureRate: 1 },
  {
    name: "anthropic-us",
    region: "us",
    format: "anthropic",
    chatModels: claudeModels,
    embeddingModels: [],
    latencyMs: 5,
    ttftMs: 20,
    interChunkMs: 5,
    failureRate: 0,
  },
  {
    name: "anthropic-eu",
    region: "eu",
    format: "anthropic",
    chatModels: claudeModels,
    embeddingModels: [],
    latencyMs: 12,
    ttftMs: 30,
    interChunkMs: 8,
    failureRate: 0,
  },
  {
    name: "gemini-us",
    region: "us",
    format: "gemini",
    chatModels: geminiChatModels,
    embeddingModels: geminiEmbeddingModels,
    latencyMs: 5,
    ttftMs: 20,
    interChunkMs: 5,
    failureRate: 0,
  },
  // The simulated prompt-injection classifier (prompt-guard.ts), alone on a provider of its own so
  // faults set on it (a slow or failing classifier) touch no chat traffic.
  {
    name: "prompt-guard",
    region: "us",
    chatModels: [PROMPT_GUARD_MODEL],
    embeddingModels: [],
    latencyMs: 5,
    ttftMs: 10,
    interChunkMs: 2,
    failureRate: 0,
  },
  {
    name: "azure-eu",
    region: "eu",
    format: "azure",
    chatModels: ["gpt-4o-mini"],
    embeddingModels: ["text-embedding-3-small"],
    latencyMs: 12,
    ttftMs: 30,
    interChunkMs: 8,
    failureRate: 0,
  },
];
