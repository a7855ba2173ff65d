import { parseArgs } from "node:util";

const usageOf = (script: string): string => `usage: npm run ${script} -- [--quick] [--rounds N] [--duration SECONDS] [--record] [--results FILE]`;

export interface Options {
  readonly quick: boolean;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly record: boolean;
  /** The markdown file `--record` rewrites a section of (default bench/RESULTS.md). */
  readonly resultsPath: string;
  readonly command: string;
}

/** The options of `npm run bench:limits` (and of `script`, another bench with the same flags). */
export function parseOptions(argv: readonly string[], defaultResultsPath: string, script = "bench:limits"): Options {
  const usage = usageOf(script);
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      duration: { type: "string" },
      record: { type: "boolean", default: false },
      results: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (raw: string | undefined, fallback: number, flag: string): number => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer\n${usage}`);
    return value;
  };
  return {
    quick: values.quick,
    rounds: positive(values.rounds, values.quick ? 1 : 3, "--rounds"),
    durationSeconds: positive(values.duration, values.quick ? 2 : 5, "--duration"),
    warmupSeconds: values.quick ? 1 : 2,
    record: values.record || values.results !== undefined,
    resultsPath: values.results ?? defaultResultsPath,
    command: [`npm run ${script}`, ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
  };
}
