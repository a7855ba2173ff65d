import { parseArgs } from "node:util";
import { faultModels } from "./faults-config";

export interface FaultOptions {
  readonly requests: number;
  readonly concurrency: number;
  /** The public model the scenarios call (those that need a particular one keep theirs). */
  readonly model: string;
  /** Rewrite the `## Fault injection` section of bench/RESULTS.md. */
  readonly record: boolean;
  /** The command line as typed, for the report. */
  readonly command: string;
}

const selectableModels = [faultModels.threeWay, faultModels.threeWayOrdered, faultModels.euFirst];
const usage = `usage: npm run faults -- [--quick] [--requests N] [--concurrency N] [--model ${selectableModels.join("|")}] [--record]`;

export function parseFaultOptions(argv: readonly string[]): FaultOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      requests: { type: "string" },
      concurrency: { type: "string" },
      model: { type: "string", default: faultModels.threeWay },
      record: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!selectableModels.some((model) => model === values.model)) throw new Error(`--model must be one of ${selectableModels.join(", ")}\n${usage}`);
  return {
    requests: positiveInteger(values.requests, values.quick ? 60 : 200, "--requests"),
    concurrency: positiveInteger(values.concurrency, 8, "--concurrency"),
    model: values.model,
    record: values.record,
    command: ["npm run faults", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
  };
}

function positiveInteger(raw: string | undefined, fallback: number, flag: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer\n${usage}`);
  return value;
}
