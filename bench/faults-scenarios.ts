import type { ProviderFaults } from "../scripts/simulator/server";
import type { CallerLocation, StreamEnding } from "./faults-client";
import { claudeProvider, fastProviders, faultModels, targetTimeouts } from "./faults-config";

/** What one scenario measured, as the table and the expectations read it. */
export interface ScenarioOutcome {
  readonly requests: number;
  readonly succeeded: number;
  readonly meanAttempts: number;
  /** Per target, from `x-switchboard-target`: every answer a target began (a stream that then stalled too). */
  readonly servedBy: ReadonlyMap<string, number>;
  /** Answers that were not a whole 2xx, by status (0: no response at all). */
  readonly failedStatuses: ReadonlyMap<number, number>;
  readonly streamEndings: Readonly<Record<StreamEnding, number>> | null;
  /** Answers whose target or region lies outside the key's jurisdiction; null for unpinned keys. */
  readonly outsideJurisdiction: number | null;
  /** Calls that took at least the targets' first-byte limit: what a hang costs before the circuit opens. */
  readonly slowerThanFirstByteLimit: number;
  readonly hung: number;
}

/** One thing a scenario should show; an invariant that fails makes the run exit non-zero. */
export interface Expectation {
  readonly says: string;
  readonly holds: (outcome: ScenarioOutcome) => boolean;
  readonly invariant: boolean;
  /** The measured figure behind the expectation, when the table does not show it. */
  readonly measured?: (outcome: ScenarioOutcome) => string;
}

export interface Scenario {
  readonly name: string;
  readonly model: string;
  readonly stream: boolean;
  readonly key: "app" | "euPinned";
  /** Applied, per simulated provider, after every fault of the previous scenario was cleared. */
  readonly faults: Readonly<Record<string, ProviderFaults>>;
  readonly expectations: readonly Expectation[];
}

/** Callers in Germany unless a scenario says otherwise: the EU target is the nearest. */
export const europeanCaller: CallerLocation = { country: "DE", continent: "EU" };

const everySucceeds: Expectation = { says: "every request succeeds", holds: (o) => o.succeeded === o.requests, invariant: false };
const noneHangs: Expectation = { says: "no stream hangs", holds: (o) => o.hung === 0, invariant: true };
const noneCutOff: Expectation = {
  says: "every stream completes or ends with an error event (none just stops)",
  holds: (o) => (o.streamEndings?.cut_off ?? 0) === 0,
  invariant: false,
};

function share(outcome: ScenarioOutcome, target: string): number {
  return outcome.requests === 0 ? 0 : (outcome.servedBy.get(target) ?? 0) / outcome.requests;
}

/**
 * The scenarios, in order. Faults sit on the EU provider, the nearest to European callers; `model`
 * is the public model most scenarios call (the default strategy's unless the run chose another).
 */
export function faultScenarios(model: string, concurrency: number): Scenario[] {
  const eu = fastProviders.eu;
  const plain = { model, stream: false, key: "app" } as const;
  return [
    {
      ...plain,
      name: "baseline",
      faults: {},
      expectations: [everySucceeds, { says: "on the first attempt", holds: (o) => o.meanAttempts === 1, invariant: false }],
    },
    {
      ...plain,
      name: "t-eu 10× slower",
      faults: { [eu]: { latencyMs: 200 } },
      expectations: [
        everySucceeds,
        {
          // The first wave of concurrent requests starts before any slow answer has been measured.
          says: `traffic moves off t-eu (at most the first wave of ${concurrency} plus 10% of the rest served there)`,
          holds: (o) => (o.servedBy.get("t-eu") ?? 0) <= concurrency + 0.1 * (o.requests - concurrency),
          invariant: false,
        },
      ],
    },
    {
      ...plain,
      name: "t-eu and t-us failing (503)",
      faults: { [eu]: { errorStatus: 503 }, [fastProviders.us]: { errorStatus: 503 } },
      expectations: [
        { says: "100% success", holds: (o) => o.succeeded === o.requests, invariant: true },
        { says: "all served by t-ap", holds: (o) => share(o, "t-ap") === 1, invariant: false },
      ],
    },
    {
      ...plain,
      name: "t-eu 429 storm (Retry-After 2 s)",
      faults: { [eu]: { rateLimitRate: 1, retryAfterSeconds: 2 } },
      expectations: [everySucceeds, { says: "t-eu serves none", holds: (o) => share(o, "t-eu") === 0, invariant: false }],
    },
    {
      ...plain,
      name: "t-eu resets 50% of connections",
      faults: { [eu]: { resetRate: 0.5 } },
      expectations: [everySucceeds],
    },
    {
      ...plain,
      name: "t-eu hangs",
      faults: { [eu]: { hang: true } },
      expectations: [
        everySucceeds,
        {
          says: `at most ${2 * concurrency} requests wait out the ${targetTimeouts.firstByteMs} ms first-byte limit (then the circuit is open)`,
          holds: (o) => o.slowerThanFirstByteLimit <= 2 * concurrency,
          invariant: false,
          measured: (o) => `${o.slowerThanFirstByteLimit} did`,
        },
      ],
    },
    {
      ...plain,
      stream: true,
      name: "t-eu streams stall after 2 chunks",
      faults: { [eu]: { stallAfterChunks: 2 } },
      expectations: [noneHangs, noneCutOff],
    },
    {
      ...plain,
      model: faultModels.euClaude,
      stream: true,
      name: "Anthropic streams stall after 2 chunks (translated)",
      faults: { [claudeProvider]: { stallAfterChunks: 2 } },
      expectations: [noneHangs, noneCutOff],
    },
    {
      ...plain,
      key: "euPinned",
      name: "EU-pinned key, t-eu down (503)",
      faults: { [eu]: { errorStatus: 503 } },
      expectations: [
        { says: "none served outside the EU", holds: (o) => o.outsideJurisdiction === 0, invariant: true },
        { says: "every request fails", holds: (o) => o.succeeded === 0, invariant: false },
      ],
    },
  ];
}
