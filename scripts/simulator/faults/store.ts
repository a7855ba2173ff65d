import { createPrng } from "../prng";
import { NO_FAULTS, type FaultOutcome, type ProviderFaults, type RequestFaults } from "./types";

interface Entry {
  faults: ProviderFaults;
  /** The provider's draw sequence, restarted whenever its faults are replaced so runs repeat. */
  draw: () => number;
}

/**
 * The run-time faults of every simulated provider. Each request that reaches its provider's fault
 * check takes three draws from the provider's sequence (for `resetRate`, `rateLimitRate` and
 * `errorRate`, in that order), whichever of them are set, so outcomes depend only on the request's
 * position since the last replacement.
 */
export class FaultStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly providers: ReadonlySet<string>) {}

  knows(provider: string): boolean {
    return this.providers.has(provider);
  }

  /** Replaces a provider's faults (already validated); no fields clears them. */
  set(provider: string, faults: ProviderFaults): void {
    if (Object.keys(faults).length === 0) {
      this.entries.delete(provider);
      return;
    }
    this.entries.set(provider, { faults: { ...faults }, draw: createPrng(`faults:${provider}`) });
  }

  get(provider: string): ProviderFaults {
    return { ...this.entries.get(provider)?.faults };
  }

  /** Every provider that has faults, by name. */
  all(): Record<string, ProviderFaults> {
    return Object.fromEntries([...this.entries].map(([provider, entry]) => [provider, { ...entry.faults }]));
  }

  /** Clears one provider's faults, or every provider's; returns the providers that had some. */
  clear(provider?: string): string[] {
    const cleared = provider === undefined ? [...this.entries.keys()] : this.entries.has(provider) ? [provider] : [];
    for (const name of cleared) this.entries.delete(name);
    return cleared;
  }

  /** The faults in force for one request of `provider`, with its drawn outcome. */
  draw(provider: string): RequestFaults {
    const entry = this.entries.get(provider);
    if (entry === undefined) return NO_FAULTS;
    const draws: Draws = { reset: entry.draw(), rateLimit: entry.draw(), error: entry.draw() };
    return { settings: entry.faults, outcome: decide(entry.faults, draws) };
  }
}

interface Draws {
  reset: number;
  rateLimit: number;
  error: number;
}

/** `hang` wins, then a connection reset, then a 429, then `errorStatus`. */
function decide(faults: ProviderFaults, draws: Draws): FaultOutcome {
  if (faults.hang === true) return "hang";
  if (draws.reset < (faults.resetRate ?? 0)) return "reset";
  if (draws.rateLimit < (faults.rateLimitRate ?? 0)) return "rate_limit";
  if (faults.errorStatus !== undefined && draws.error < (faults.errorRate ?? 1)) return "error";
  return "none";
}
