import { anthropicProvider } from "./anthropic";
import type { ProviderConfigBase, ProviderDefinition } from "./contract";
import { azureProvider } from "./azure";
import { geminiProvider } from "./gemini";
import { openaiProvider } from "./openai";
import { workersAIProvider } from "./workers-ai";

/** Each entry's key must equal its definition's `kind`; the compiler checks it. */
type Registry<R> = { readonly [K in keyof R]: ProviderDefinition<ProviderConfigBase & { readonly kind: K }> };

function defineRegistry<R extends Registry<R>>(registry: R): R {
  return registry;
}

/**
 * Every provider kind the gateway speaks: one line per adapter folder. `ProviderKind` is derived
 * from it, so a `switch` over kinds elsewhere fails to compile until it handles a new entry.
 */
export const providerRegistry = defineRegistry({
  openai: openaiProvider,
  anthropic: anthropicProvider,
  gemini: geminiProvider,
  azure: azureProvider,
  "workers-ai": workersAIProvider,
});

export type ProviderKind = keyof typeof providerRegistry;
export type ProviderConfig = {
  [K in ProviderKind]: (typeof providerRegistry)[K] extends ProviderDefinition<infer C> ? C : never;
}[ProviderKind];
