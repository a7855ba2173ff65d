// `npm run bench:guardrails`: what the default guardrails cost per request. First in Node, the pure
// guardrail modules timed per call over seeded prompts (with the optional guards for comparison);
// then end to end, the bundled Worker under Miniflare serving one ~2 KB chat call for tenants with
// the guardrails off, at their defaults and strict, interleaved over rounds. Tables go to stdout,
// progress to stderr; `--record` rewrites the "## Guardrails" section of bench/RESULTS.md and nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runGuardrailsLoad } from "./guardrails-load";
import { type MicroTiming, runMicro } from "./guardrails-micro";
import { type GuardrailsFigures, renderGuardrailsTables, summarizeLoad, summarizeMicro } from "./guardrails-report";
import { verifyVariants } from "./guardrails-requests";
import { openGuardrailsRig } from "./guardrails-rig";
import { guardrailsSectionHeading, renderGuardrailsSection } from "./guardrails-section";
import { parseOptions } from "./limits-options";
import { withSection } from "./markdown-section";
import { stopOnSignals } from "./rig-cleanup";
import { runHeader } from "./section-header";
import { spread } from "./stats";

const root = resolve(import.meta.dirname, "..");
const log = (line: string): void => void process.stderr.write(`bench:guardrails: ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2), join(root, "bench", "RESULTS.md"), "bench:guardrails");
  const header = runHeader(root, options);
  const microTiming: MicroTiming = options.quick
    ? { warmupMs: 50, measureMs: 150, minCalls: 3, rounds: options.rounds }
    : { warmupMs: 500, measureMs: 1500, minCalls: 100, rounds: options.rounds };

  // Before the rig starts, so that workerd and the simulator do not compete with the micro bench for the cores.
  log("micro: the guardrail modules, per call, in this process ...");
  const micro = summarizeMicro(await runMicro(microTiming, log));
  log(`micro done after ${Math.round((performance.now() - started) / 1000)} s`);

  const rig = await openGuardrailsRig(root, log);
  stopOnSignals(rig.close, log);
  let figures: GuardrailsFigures;
  let otherLoad: number[];
  try {
    await verifyVariants(rig.targets);
    const runs = await runGuardrailsLoad(rig, { root, rounds: options.rounds, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds }, log);
    figures = { micro, load: summarizeLoad(runs) };
    otherLoad = runs.map((run) => run.otherLoadCores);
  } finally {
    await rig.close();
  }

  process.stdout.write(renderGuardrailsTables(figures));
  if (options.record) {
    const section = renderGuardrailsSection(figures, {
      ...header,
      micro: microTiming,
      wallSeconds: (performance.now() - started) / 1000,
      otherLoadCores: spread(otherLoad),
      bundleBytes: rig.bundle.rawBytes,
    });
    writeFileSync(options.resultsPath, withSection(readFileSync(options.resultsPath, "utf8"), section));
    log(`rewrote the "${guardrailsSectionHeading.slice(3)}" section of ${options.resultsPath}`);
  }
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
