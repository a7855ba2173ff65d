// `npm run bench`: Switchboard against the provider simulator (the ceiling) and a trivial Worker
// (the floor), and Switchboard's translating routes against its pass-through route, interleaved
// over rounds. Progress goes to stderr; the JSON summary is the last
// line of stdout. See README.md "Benchmarks" and bench/RESULTS.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type BenchSummary, type RecordedResults, readPrevious } from "./bench-summary";
import { execute, type Measurements } from "./execute";
import { auditSectionHeading } from "./audit-section";
import { faultSectionHeading } from "./faults-report";
import { headlineOf, regressionsSince, verdictOf } from "./headline";
import { limitsSectionHeading } from "./limits-section";
import { machineInfo, revision } from "./machine-info";
import { carryOverSection } from "./markdown-section";
import { parseOptions } from "./options";
import { keptAnalysis, renderReport } from "./report";
import { openSession, type Session } from "./session";
import { spread } from "./stats";
import { summarizeCells, summarizeTtfb } from "./summarize";
import { targetIds } from "./targets";
import { summarizeTranslation, translationVerdictOf } from "./translation";
import { verifyTargets } from "./verify-targets";

const root = resolve(import.meta.dirname, "..");
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  const date = new Date().toISOString();
  const machine = machineInfo(root);
  const { commit } = revision(root);

  log("bundling the Worker (wrangler deploy --dry-run) and starting the simulator and both Workers ...");
  const session = await openSession(root, { streamIdleMs: options.streamIdleMs });
  stopOnSignals(session);
  let measured: Measurements;
  try {
    log(
      `bundle ${session.bundle.rawBytes} B (${session.bundle.gzipBytes} B gzip); start-up: trivial ${Math.round(session.workers.trivial.startupMs)} ms, ` +
        `Switchboard ${Math.round(session.workers.switchboard.startupMs)} ms`,
    );
    await verifyTargets(targetIds.map((id) => session.targets[id]));
    measured = await execute(root, session, options, log);
  } finally {
    await session.close();
  }

  const cells = summarizeCells(measured.cells, measured.results);
  const headline = headlineOf(cells);
  const translation = summarizeTranslation(measured.cells, measured.results);
  const resultsPath = join(root, "bench", "results.json");
  const previous = options.quick ? null : readPrevious(resultsPath);
  const summary: BenchSummary = {
    date,
    commit,
    command: options.command,
    mode: options.quick ? "quick" : "full",
    rounds: options.rounds,
    durationSeconds: options.durationSeconds,
    concurrencies: options.concurrencies,
    machine,
    bundle: { rawBytes: session.bundle.rawBytes, gzipBytes: session.bundle.gzipBytes },
    startupMs: { trivial: session.workers.trivial.startupMs, switchboard: session.workers.switchboard.startupMs },
    bindings: session.bindingNames,
    noise: {
      otherLoadCores: spread(measured.results.map((r) => r.otherLoadCores)),
      stealCores: spread(measured.results.map((r) => r.stealCores)),
    },
    cells,
    ttfb: summarizeTtfb(measured.ttfb),
    headline,
    verdict: verdictOf(headline, !options.quick),
    translation,
    translationVerdict: translationVerdictOf(translation, !options.quick),
    regressions: regressionsSince(previous?.headline ?? null, headline),
    previousCommit: previous?.commit ?? null,
    wallSeconds: (performance.now() - started) / 1000,
  };

  const reportPath = options.quick ? join(root, "bench", ".out", "quick.md") : join(root, "bench", "RESULTS.md");
  mkdirSync(join(root, "bench", ".out"), { recursive: true });
  const previousReport = readOrNull(reportPath);
  // `npm run faults -- --record`, `npm run bench:limits -- --record` and `npm run bench:audit -- --record` own their own sections of the same file.
  const report = [faultSectionHeading, limitsSectionHeading, auditSectionHeading].reduce(
    (markdown, heading) => carryOverSection(markdown, previousReport, heading),
    renderReport(summary, keptAnalysis(previousReport)),
  );
  writeFileSync(reportPath, report);
  if (!options.quick) {
    const recorded: RecordedResults = { ...summary, runs: measured.results };
    writeFileSync(resultsPath, `${JSON.stringify(recorded, null, 2)}\n`);
  }
  log(`wrote ${reportPath}${options.quick ? "" : ` and ${resultsPath}`} (${Math.round(summary.wallSeconds)} s)`);
  for (const regression of summary.regressions) log(`REGRESSION: ${regression}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function stopOnSignals(session: Session): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping ...`);
      void session.close().finally(() => process.exit(130));
    });
  }
}

main().catch((error: unknown) => {
  log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
