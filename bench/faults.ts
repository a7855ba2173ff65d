// `npm run faults`: fault injection against the bundled gateway. The provider simulator breaks its
// providers one way per scenario (slow, failing, rate-limited, resetting, hanging, stalling streams,
// a jurisdiction left without targets) and a fresh gateway is sent a burst of chat completions.
// The table goes to stdout, progress to stderr; `--record` rewrites "## Fault injection" in
// bench/RESULTS.md. Exits 1 when an invariant fails. See bench/RESULTS.md for what each row means.
import { stopOnSignals } from "./rig-cleanup";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseFaultOptions } from "./faults-options";
import { failedInvariants, renderResults, renderSection, type RunContext } from "./faults-report";
import { openFaultRig, type FaultRig } from "./faults-rig";
import { runScenario, type RunSettings, type ScenarioResult } from "./faults-run";
import { faultScenarios, type Scenario } from "./faults-scenarios";
import { machineInfo, revision } from "./machine-info";
import { withSection } from "./markdown-section";

const root = resolve(import.meta.dirname, "..");
const resultsPath = join(root, "bench", "RESULTS.md");
/** Longer than any healthy answer or fail-over here, far shorter than the targets' 30 s total limit. */
const hangAfterMs = 10_000;
const log = (line: string): void => void process.stderr.write(`faults: ${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const options = parseFaultOptions(process.argv.slice(2));
  const date = new Date().toISOString();
  const machine = machineInfo(root);
  const { commit } = revision(root);
  const settings: RunSettings = { requests: options.requests, concurrency: options.concurrency, hangAfterMs };

  const rig = await openFaultRig(root, log);
  stopOnSignals(rig.close, log);
  let results: ScenarioResult[];
  try {
    results = await runAll(rig, faultScenarios(options.model, options.concurrency), settings);
  } finally {
    await rig.close();
  }

  process.stdout.write(renderResults(results));
  if (options.record) {
    const wallSeconds = (performance.now() - started) / 1000;
    record(results, { date, commit, machine, command: options.command, requests: options.requests, concurrency: options.concurrency, hangAfterMs, wallSeconds });
  }
  const failed = failedInvariants(results);
  for (const line of failed) log(`INVARIANT FAILED: ${line}`);
  return failed.length === 0 ? 0 : 1;
}

async function runAll(rig: FaultRig, scenarios: readonly Scenario[], settings: RunSettings): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    log(`${index + 1}/${scenarios.length} ${scenario.name}: ${settings.requests} requests, concurrency ${settings.concurrency} ...`);
    const gateway = await rig.startGateway();
    try {
      const result = await runScenario(scenario, gateway, rig.simulator, settings);
      if (result.warmUpFailures > 0) log(`  WARNING: ${result.warmUpFailures} warm-up request(s) failed before any fault was set`);
      log(`  ${result.outcome.succeeded}/${result.outcome.requests} succeeded, p95 ${Math.round(result.latency.p95)} ms`);
      results.push(result);
    } finally {
      await gateway.dispose();
    }
  }
  return results;
}

function record(results: readonly ScenarioResult[], context: RunContext): void {
  writeFileSync(resultsPath, withSection(readFileSync(resultsPath, "utf8"), renderSection(results, context)));
  log(`rewrote the "Fault injection" section of ${resultsPath}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
