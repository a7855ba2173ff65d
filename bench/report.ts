import type { BenchSummary } from "./bench-summary";
import { kib, med, num, percent, signed } from "./format";
import { cpuTarget, throughputTarget } from "./headline";
import type { CellSummary } from "./summarize";
import { baseTargetIds, streamChunks, targetIds, targetLabels } from "./targets";
import { translationSection } from "./translation-report";

const analysisStart = "<!-- analysis:start -->";
const analysisEnd = "<!-- analysis:end -->";

/** The hand-written analysis of an earlier RESULTS.md, carried over so a rerun does not erase it. */
export function keptAnalysis(previousMarkdown: string | null): string | null {
  if (!previousMarkdown) return null;
  const start = previousMarkdown.indexOf(analysisStart);
  const end = previousMarkdown.indexOf(analysisEnd);
  return start >= 0 && end > start ? previousMarkdown.slice(start + analysisStart.length, end).trim() : null;
}

export function renderReport(summary: BenchSummary, analysis: string | null): string {
  const m = summary.machine;
  const lines = [
    "# Switchboard benchmark results",
    "",
    `- **date:** ${summary.date}`,
    `- **commit:** ${summary.commit}`,
    `- **command:** \`${summary.command}\` (${summary.mode} mode: ${summary.rounds} round(s), ${summary.durationSeconds} s per run, concurrency ${summary.concurrencies.join(", ")}; wall time ${Math.round(summary.wallSeconds)} s)`,
    `- **machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, load average ${m.loadAverageAtStart} at start; Node ${m.node}, ${m.workerd}, miniflare ${m.miniflare}, autocannon ${m.autocannon}`,
    `- **Switchboard bindings (from wrangler.toml):** ${summary.bindings.join(", ") || "none"}`,
    `- **noise:** processes outside the bench used ${num(summary.noise.otherLoadCores.median, 2)} cores during the median run ` +
      `(${num(summary.noise.otherLoadCores.max, 2)} at most), hypervisor steal ${num(summary.noise.stealCores.median, 2)} ` +
      `(${num(summary.noise.stealCores.max, 2)} at most)`,
    "",
    "## How to read this",
    "",
    "Three targets answer the same chat call with the same bytes: **direct** is the provider simulator",
    "itself with zero added latency (the ceiling), **trivial Worker** (`bench/trivial-worker.js`) forwards",
    "the call to it and returns the upstream response untouched (the floor of what any Worker costs",
    "here), and **Switchboard** is the Worker bundled by `wrangler deploy --dry-run` with its full default",
    "pipeline and the bindings wrangler.toml declares. Both Workers run under the Miniflare API with the",
    "same options (one workerd process each, load sent to a direct socket on the Worker, subrequests",
    "sent straight out: Miniflare's dev-only entry worker and CF-Connecting-IP stripper are not in the",
    "path), the simulator in its own Node process, and the load from autocannon in another: closed loop,",
    `keep-alive, plain calls and streams of ${streamChunks} chunks. Runs are interleaved (A B C, B C A, ...) across`,
    "rounds; each figure is the median over rounds with min–max in brackets. Added latency and the ratios",
    "are paired within a round. CPU is the workerd process's user+system time per completed request (from",
    "/proc; the simulator has no gateway process, hence n/a); peak memory is its VmHWM during the run.",
    "Latencies come from autocannon at 1 ms resolution. **The ratios to the trivial Worker are the figures",
    "that matter**: absolute numbers come from a shared 2-core machine on which the load generator, the",
    "simulator and the Worker compete for the same cores, so they move with the machine; the ratios much less.",
    "The same Switchboard process also serves translating routes (OpenAI to Anthropic or Gemini, Anthropic's",
    "`/v1/messages` to OpenAI), compared with its pass-through route in **Translation cost** below.",
    "",
    ...headlineSection(summary),
    ...cellSections(summary.cells),
    ...translationSection(summary.translation, summary.translationVerdict),
    ...ttfbSection(summary),
    "## Workers",
    "",
    "| | bundle raw | bundle gzip | start-up (`new Miniflare` → ready) |",
    "| --- | --- | --- | --- |",
    `| trivial Worker | — | — | ${num(summary.startupMs.trivial, 0)} ms |`,
    `| Switchboard | ${kib(summary.bundle.rawBytes)} | ${kib(summary.bundle.gzipBytes)} | ${num(summary.startupMs.switchboard, 0)} ms |`,
    "",
    "## Analysis",
    "",
    "_Hand-written; `npm run bench` keeps this section when it rewrites the file, so check it against the numbers above._",
    "",
    analysisStart,
    analysis ?? "(none yet)",
    analysisEnd,
    "",
  ];
  return lines.join("\n");
}

function headlineSection(summary: BenchSummary): string[] {
  const h = summary.headline;
  const v = summary.verdict;
  const mark = (met: boolean | null): string => (met === null ? "not judged" : met ? "**met**" : "**not met**");
  const rps = h.requestsPerSecondC16Plain;
  const cpu = h.cpuUsPerRequestC16Plain;
  return [
    "## Headline: Switchboard against the trivial Worker",
    "",
    "| figure | value | target | verdict |",
    "| --- | --- | --- | --- |",
    `| throughput ratio, c16 plain | ${percent(h.throughputRatioC16Plain)} (${num(rps.switchboard, 0)} vs ${num(rps.trivial, 0)} req/s; direct ${num(rps.direct, 0)}) | ≥ ${percent(throughputTarget)} | ${mark(v.throughputMet)} |`,
    `| CPU per request ratio, c16 plain | ${num(h.cpuRatioC16Plain, 2)}× (${num(cpu.switchboard, 0)} vs ${num(cpu.trivial, 0)} µs) | ≤ ${cpuTarget}× | ${mark(v.cpuMet)} |`,
    `| throughput ratio, c16 stream | ${percent(h.throughputRatioC16Stream)} | — | — |`,
    `| CPU per request ratio, c16 stream | ${num(h.cpuRatioC16Stream, 2)}× | — | — |`,
    "",
    summary.regressions.length > 0
      ? `**Regressions since the previous recorded run (${summary.previousCommit ?? "?"}):** ${summary.regressions.join("; ")}.`
      : summary.previousCommit
        ? `No headline ratio regressed since the previous recorded run (${summary.previousCommit}).`
        : "No previous recorded run to compare with.",
    "",
  ];
}

function cellSections(cells: readonly CellSummary[]): string[] {
  const lines: string[] = [];
  for (const mode of ["plain", "stream"] as const) {
    const inMode = cells.filter((c) => c.mode === mode);
    if (inMode.length === 0) continue;
    lines.push(
      `## ${mode === "plain" ? "Plain chat calls" : `Streams (${streamChunks} chunks)`}`,
      "",
      "| conc. | target | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | CPU µs/req | peak MiB | vs trivial: req/s, CPU |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const cell of inMode) {
      for (const id of baseTargetIds) {
        const t = cell.targets[id];
        const ratios = id === "switchboard" ? `${med(cell.throughputRatio, 2)}, ${med(cell.cpuRatio, 2)}×` : "";
        lines.push(
          `| ${cell.connections} | ${targetLabels[id]} | ${med(t.requestsPerSecond, 0)} | ${med(t.latencyP50Ms, 0)} | ${med(t.latencyP99Ms, 0)} | ${signed(t.addedP50Ms, 0)} | ${signed(t.addedP99Ms, 0)} | ${med(t.gatewayCpuUsPerRequest, 0)} | ${med(t.peakMemoryMiB, 0)} | ${ratios} |`,
        );
      }
    }
    lines.push("");
  }
  return lines;
}

function ttfbSection(summary: BenchSummary): string[] {
  return [
    "## Streams: time to first byte",
    "",
    "Sequential probe (one kept-alive connection, no other load), from the request fully sent to the first body byte.",
    "",
    "| target | TTFB p50 ms | TTFB p99 ms |",
    "| --- | --- | --- |",
    ...targetIds.map((id) => `| ${targetLabels[id]} | ${med(summary.ttfb[id].p50Ms, 2)} | ${med(summary.ttfb[id].p99Ms, 2)} |`),
    "",
  ];
}
