import { defaultProviders, type SimulatedProvider } from "../../scripts/simulator/profiles";

const openaiTestProvider = (name: string, region: string, latencyMs = 10): SimulatedProvider => ({
  name,
  region,
  chatModels: ["gpt-4o-mini"],
  embeddingModels: [],
  latencyMs,
  ttftMs: 10,
  interChunkMs: 2,
  failureRate: 0,
});

/**
 * The simulator's providers in the Worker tests: the default ones, plus providers of their own for
 * the latency-routing tests, whose faults and scores no other test touches.
 */
export const testSimulatorProviders: SimulatedProvider[] = [
  ...defaultProviders,
  openaiTestProvider("near-eu", "eu"),
  openaiTestProvider("near-us", "us"),
  openaiTestProvider("near-ap", "ap"),
  // Slow enough that a busy test machine's own delays do not blur the tenfold difference.
  openaiTestProvider("shift-eu", "eu", 50),
  openaiTestProvider("shift-us", "us", 50),
  openaiTestProvider("trio-1", "us"),
  openaiTestProvider("trio-2", "us"),
  openaiTestProvider("trio-3", "us"),
];
