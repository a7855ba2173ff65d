import type { FaultStore } from "./store";
import type { ProviderFaults } from "./types";
import { parseFaults } from "./validate";

/** The fault API of `/_sim/faults` for Node-side callers holding the simulator handle. */
export interface FaultControls {
  /** Replaces a provider's faults (as `PUT /_sim/faults/<provider>`); throws on an unknown provider or invalid faults. */
  setFaults(provider: string, faults: ProviderFaults): void;
  /** Every provider that has faults, by name (as `GET /_sim/faults`). */
  getFaults(): Record<string, ProviderFaults>;
  /** Clears one provider's faults, or every provider's when none is named (as `DELETE /_sim/faults[/<provider>]`). */
  clearFaults(provider?: string): void;
}

export function faultControls(store: FaultStore): FaultControls {
  return {
    setFaults(provider, faults) {
      if (!store.knows(provider)) throw new Error(`Unknown simulated provider "${provider}".`);
      // The same checks as the HTTP API: types cannot say that a rate lies in 0..1.
      const parsed = parseFaults(faults);
      if (!parsed.ok) throw new Error(`Invalid faults for "${provider}": ${parsed.message}`);
      store.set(provider, parsed.faults);
    },
    getFaults: () => store.all(),
    clearFaults(provider) {
      if (provider !== undefined && !store.knows(provider)) throw new Error(`Unknown simulated provider "${provider}".`);
      store.clear(provider);
    },
  };
}
