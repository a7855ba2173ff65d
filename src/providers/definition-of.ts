import type { ProviderCapabilities, ProviderConfigBase, ProviderDefinition } from "./contract";
import { type ProviderConfig, providerRegistry } from "./registry";

/**
 * The definition for a provider config. The registry is keyed by kind, so this is the one for
 * `config.kind`; TypeScript cannot correlate the two union members on its own.
 */
export function definitionOf(config: ProviderConfig): ProviderDefinition<ProviderConfigBase> {
  return providerRegistry[config.kind] as ProviderDefinition<ProviderConfigBase>;
}

export function capabilitiesOf(config: ProviderConfig): ProviderCapabilities {
  return definitionOf(config).capabilities(config);
}
