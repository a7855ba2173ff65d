import type { ProviderCapabilities } from "../contract";
import { openaiCapabilities } from "./adapter";

/** A well-known OpenAI-compatible API: where it lives, where its key is, and what it lacks. */
export interface OpenAIPreset {
  /** Null for self-hosted servers, whose address the config must give. */
  readonly baseUrl: string | null;
  /** The secret read by default; null for servers that run without keys. */
  readonly apiKeySecret: string | null;
  readonly capabilities: ProviderCapabilities;
}

const withoutEmbeddings = { ...openaiCapabilities, embeddings: false };

/** Presets are configuration of the one OpenAI adapter, not copies of it. */
export const openaiPresets = {
  openai: { baseUrl: "https://api.openai.com/v1", apiKeySecret: "OPENAI_API_KEY", capabilities: openaiCapabilities },
  groq: { baseUrl: "https://api.groq.com/openai/v1", apiKeySecret: "GROQ_API_KEY", capabilities: withoutEmbeddings },
  mistral: { baseUrl: "https://api.mistral.ai/v1", apiKeySecret: "MISTRAL_API_KEY", capabilities: openaiCapabilities },
  deepseek: {
    baseUrl: "https://api.deepseek.com/v1",
    apiKeySecret: "DEEPSEEK_API_KEY",
    capabilities: { ...withoutEmbeddings, vision: false },
  },
  together: { baseUrl: "https://api.together.xyz/v1", apiKeySecret: "TOGETHER_API_KEY", capabilities: openaiCapabilities },
  fireworks: { baseUrl: "https://api.fireworks.ai/inference/v1", apiKeySecret: "FIREWORKS_API_KEY", capabilities: openaiCapabilities },
  xai: { baseUrl: "https://api.x.ai/v1", apiKeySecret: "XAI_API_KEY", capabilities: withoutEmbeddings },
  openrouter: { baseUrl: "https://openrouter.ai/api/v1", apiKeySecret: "OPENROUTER_API_KEY", capabilities: withoutEmbeddings },
  ollama: { baseUrl: "http://localhost:11434/v1", apiKeySecret: null, capabilities: openaiCapabilities },
  vllm: { baseUrl: null, apiKeySecret: null, capabilities: openaiCapabilities },
} as const satisfies Record<string, OpenAIPreset>;

export type OpenAIPresetName = keyof typeof openaiPresets;
export const openaiPresetNames = Object.keys(openaiPresets) as [OpenAIPresetName, ...OpenAIPresetName[]];
