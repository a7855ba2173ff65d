// `npm run bench:audit`: what auditing costs. The bundled Worker with auditing (`on`) and the same
// bundle with a no-op hand-over (`off`) serve plain chat calls and streams, interleaved over rounds;
// the `on` log's calls, rows and R2 objects are counted; one AuditLog is then driven directly for its
// capacity; and the counts are priced. Tables go to stdout, progress to stderr; `--record` rewrites
// the "## Audit" section of bench/RESULTS.md and nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { accountTrail } from "./audit-account";
import { type CapacityRun, capacitySpecs, measureCapacity, summarizeCapacity } from "./audit-capacity";
import { auditCells, runLoadPhase } from "./audit-load";
import { buildModel } from "./audit-model";
import { readFlushPolicy } from "./audit-policy";
import { summarizeHandOver, summarizeLoad, summarizeProbes } from "./audit-report";
import { type AuditRig, openAuditRig } from "./audit-rig";
import { rowsByStatement } from "./audit-rows";
import { type AuditFigures, auditSectionHeading, renderAuditSection, renderAuditTables } from "./audit-section";
import { parseOptions } from "./limits-options";
import { withSection } from "./markdown-section";
import { stopOnSignals } from "./rig-cleanup";
import { rotate } from "./schedule";
import { runHeader } from "./section-header";
import { spread } from "./stats";
import { verifyTargets } from "./verify-targets";

const root = resolve(import.meta.dirname, "..");
const log = (line: string): void => void process.stderr.write(`bench:audit: ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2), join(root, "bench", "RESULTS.md"), "bench:audit");
  const capacitySeconds = Math.max(1, Math.round(options.durationSeconds / 2));
  const header = runHeader(root, options);
  const policy = readFlushPolicy(root);

  const rig = await openAuditRig(root, log);
  stopOnSignals(rig.close, log);
  let figures: AuditFigures;
  let otherLoad: number[];
  try {
    await verifyTargets([rig.targets.on, rig.targets.off]);
    const load = await runLoadPhase(rig, { root, rounds: options.rounds, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds }, log);
    otherLoad = load.runs.map((run) => run.result.otherLoadCores);
    log("flushing the on log and counting its R2 objects ...");
    const account = await accountTrail(rig, policy);
    const capacityRuns = await runCapacity(rig, account.template, options.rounds, capacitySeconds);
    const loadRows = summarizeLoad(auditCells, load.runs);
    const handOver = summarizeHandOver(auditCells, load.runs);
    const rows = rowsByStatement(account.trail.totals, account.trail.objects.batches.length);
    const capacity = summarizeCapacity(capacityRuns);
    figures = {
      load: loadRows,
      probes: summarizeProbes(load.probes),
      handOver,
      trail: account.trail,
      rows,
      capacity,
      model: buildModel({ load: loadRows, handOver, trail: account.trail, rows, capacity, capacityRuns, policy }),
      policy,
      recordTemplateBytes: account.template.bytes,
    };
  } finally {
    await rig.close();
  }

  process.stdout.write(renderAuditTables(figures));
  if (options.record) {
    const section = renderAuditSection(figures, {
      ...header,
      capacitySeconds,
      wallSeconds: (performance.now() - started) / 1000,
      otherLoadCores: spread(otherLoad),
      bundleBytes: { on: rig.bundles.on.rawBytes, off: rig.bundles.off.rawBytes },
    });
    writeFileSync(options.resultsPath, withSection(readFileSync(options.resultsPath, "utf8"), section));
    log(`rewrote the "${auditSectionHeading.slice(3)}" section of ${options.resultsPath}`);
  }
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}

/** Each round, every capacity spec once (the order rotating), each on a fresh log in the driver's workerd. */
async function runCapacity(rig: AuditRig, template: Parameters<typeof measureCapacity>[1], rounds: number, seconds: number): Promise<CapacityRun[]> {
  const driver = await rig.openDriver();
  const runs: CapacityRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const spec of rotate(capacitySpecs, round)) {
      const run = await measureCapacity(driver, template, spec, round, seconds * 1000);
      runs.push(run);
      log(
        `round ${round + 1}: capacity ${String(spec.batchSize).padStart(3)} records/call, ${spec.callers} caller(s): ` +
          `${Math.round(run.records / (run.elapsedMs / 1000))} records/s, ${Math.round(run.calls / (run.elapsedMs / 1000))} calls/s, ` +
          `${Math.round(run.cpuUs / run.records)} µs CPU/record`,
      );
    }
  }
  return runs;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
