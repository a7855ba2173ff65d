/**
 * Run-time faults of one simulated provider, set with `PUT /_sim/faults/<provider>` or
 * `simulator.setFaults(provider, faults)`. Every field is optional; a PUT replaces them all.
 */
export interface ProviderFaults {
  /** Added to the profile's latency, before the response headers. */
  latencyMs?: number;
  /** Replaces the profile's time to first token of streams. */
  ttftMs?: number;
  /** Replaces the profile's delay between stream chunks. */
  chunkDelayMs?: number;
  /** 400..599: requests answer this status in the provider's own error format. */
  errorStatus?: number;
  /** 0..1: the fraction of requests answered with `errorStatus` (1 when `errorStatus` is set alone). */
  errorRate?: number;
  /** 0..1: the fraction of requests answered 429 in the provider's format. */
  rateLimitRate?: number;
  /** The delay those 429s ask for (`Retry-After`; Gemini: a `RetryInfo` detail). */
  retryAfterSeconds?: number;
  /** 0..1: the fraction of requests whose connection is destroyed before any response. */
  resetRate?: number;
  /** Streams send this many chunks, then go silent until the client leaves (whole bodies: half the body). */
  stallAfterChunks?: number;
  /** Never answer; the socket stays open until the client leaves. */
  hang?: boolean;
}

/** What the faults decide for one request, before its endpoint answers. */
export type FaultOutcome = "none" | "hang" | "reset" | "rate_limit" | "error";

/** The faults in force when a request reached its provider's fault check, and its drawn outcome. */
export interface RequestFaults {
  settings: ProviderFaults;
  outcome: FaultOutcome;
}

export const NO_FAULTS: RequestFaults = { settings: {}, outcome: "none" };
