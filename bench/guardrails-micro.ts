// The micro half of `npm run bench:guardrails`: each case called over and over in this Node process,
// every call timed on its own, so the median and p99 are per request (GC pauses included, as a real
// request would meet them).
import { type MicroCase, microCases } from "./guardrails-micro-cases";
import { rotate } from "./schedule";
import { quantile } from "./stats";

export interface MicroTiming {
  /** How long each case is called, discarded, before its timed calls (per round). */
  readonly warmupMs: number;
  /** How long each case's timed calls last per round (at least `minCalls` calls). */
  readonly measureMs: number;
  /** Timed calls per case and round however long they take: slow cases would otherwise get a handful. */
  readonly minCalls: number;
  readonly rounds: number;
}

export interface MicroSample {
  readonly case: MicroCase;
  readonly round: number;
  readonly calls: number;
  readonly medianUs: number;
  readonly p99Us: number;
}

/** Runs every case for `timing.rounds` rounds, the cases' order rotating by round so that none always runs first. */
export async function runMicro(timing: MicroTiming, log: (line: string) => void): Promise<MicroSample[]> {
  const cases = microCases();
  const samples: MicroSample[] = [];
  for (let round = 0; round < timing.rounds; round++) {
    for (const micro of rotate(cases, round)) {
      await callFor(micro, timing.warmupMs, 1);
      const durations = await callFor(micro, timing.measureMs, timing.minCalls);
      const sorted = durations.sort((a, b) => a - b);
      const sample = { case: micro, round, calls: sorted.length, medianUs: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99) };
      samples.push(sample);
      log(`round ${round + 1}: ${micro.group} / ${micro.input}: median ${sample.medianUs.toFixed(1)} µs, p99 ${sample.p99Us.toFixed(1)} µs (${sample.calls} calls)`);
    }
  }
  return samples;
}

/** Calls `micro.run` until `ms` have passed and at least `calls` were made; each call's µs. */
async function callFor(micro: MicroCase, ms: number, calls: number): Promise<number[]> {
  const durations: number[] = [];
  const until = performance.now() + ms;
  while (durations.length < calls || performance.now() < until) {
    const started = process.hrtime.bigint();
    const result = micro.run();
    // Only the stream case returns a promise; awaiting the others would time a microtask too.
    if (result instanceof Promise) await result;
    durations.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return durations;
}
