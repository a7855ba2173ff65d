import { parseArgs } from "node:util";
import type { Mode } from "./targets";

export interface BenchOptions {
  readonly quick: boolean;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly concurrencies: readonly number[];
  /** Where the translated routes run too (a subset of `concurrencies`, to keep the run short). */
  readonly translationConcurrencies: readonly number[];
  readonly modes: readonly Mode[];
  /** Discarded load per target and mode before round 1 (JIT, key cache, connection pools). */
  readonly warmupSeconds: number;
  /** Sequential requests per target and round for the stream time-to-first-byte probe. */
  readonly ttfbRequests: number;
  /** `gateway.streamIdleTimeoutMs` for the run (0: native pipes for pass-through streams); null: the default. */
  readonly streamIdleMs: number | null;
  /** The command line as typed, for the report. */
  readonly command: string;
}

const usage = "usage: npm run bench -- [--quick] [--rounds N] [--duration SECONDS] [--stream-idle-ms MS]";

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      duration: { type: "string" },
      "stream-idle-ms": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick;
  return {
    quick,
    rounds: positiveInteger(values.rounds, quick ? 1 : 3, "--rounds"),
    durationSeconds: positiveInteger(values.duration, quick ? 1 : 5, "--duration"),
    concurrencies: quick ? [1, 16] : [1, 16, 64],
    translationConcurrencies: quick ? [16] : [1, 16],
    modes: ["plain", "stream"],
    warmupSeconds: quick ? 1 : 2,
    ttfbRequests: quick ? 20 : 50,
    streamIdleMs: values["stream-idle-ms"] === undefined ? null : nonNegativeInteger(values["stream-idle-ms"], "--stream-idle-ms"),
    command: ["npm run bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
  };
}

function nonNegativeInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} must be a non-negative integer\n${usage}`);
  return value;
}

function positiveInteger(raw: string | undefined, fallback: number, flag: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer\n${usage}`);
  return value;
}
