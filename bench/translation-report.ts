import { med, percent, signed, signedPercent, signedShare } from "./format";
import type { TargetCell } from "./summarize";
import { type TranslationCell, type TranslationVerdict, translationCpuTarget } from "./translation";
import { streamChunks, targetLabels, translatedTargetIds } from "./targets";

/** The "Translation cost" section: each translated route next to Switchboard's pass-through route. */
export function translationSection(cells: readonly TranslationCell[], verdict: TranslationVerdict): string[] {
  if (cells.length === 0) return [];
  const mark = verdict.cpuMet === null ? "not judged" : verdict.cpuMet ? "**met**" : "**not met**";
  const lines = [
    "## Translation cost: translated routes against OpenAI pass-through",
    "",
    "The same Switchboard Worker (same workerd process, same key, same prompt and reply text, streams of",
    `${streamChunks} content chunks) on four routes: **pass-through** is an OpenAI request served by an OpenAI-format`,
    "upstream (the Switchboard rows above); the others translate an OpenAI request to Anthropic's Messages API",
    "or to Gemini's `generateContent` and the answer back, or take an Anthropic-format request on",
    "`POST /v1/messages` (key in `x-api-key`) and serve it from the OpenAI-format upstream. Each upstream is",
    "the zero-latency simulator speaking that format. They run interleaved with the other targets; the",
    "differences are paired by round with the pass-through run of the same cell: \"CPU added\" and \"req/s vs",
    "pass-through\" are medians of per-round differences and ratios, so they need not equal the difference",
    "of the medians beside them.",
    "",
    `Acceptance (read as CPU added ≤ ${percent(translationCpuTarget)} at concurrency 16, every route, plain and stream): ${mark}` +
      (verdict.worstCpuAddedShareC16 === null ? "." : `; the largest median is ${signedShare(verdict.worstCpuAddedShareC16)}.`),
    "",
  ];
  for (const mode of ["plain", "stream"] as const) {
    const inMode = cells.filter((c) => c.mode === mode);
    if (inMode.length === 0) continue;
    lines.push(
      `### ${mode === "plain" ? "Plain chat calls" : `Streams (${streamChunks} chunks)`}`,
      "",
      "| conc. | route | req/s | req/s vs pass-through | CPU µs/req | CPU added µs/req | CPU added | p50 ms | p99 ms |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const cell of inMode) {
      lines.push(row(cell.connections, "pass-through: OpenAI request → OpenAI upstream", cell.passThrough, "", "", ""));
      for (const id of translatedTargetIds) {
        const s = cell.scenarios[id];
        lines.push(row(cell.connections, targetLabels[id], s, med(s.throughputRatio, 2), signed(s.cpuAddedUs, 0), signedPercent(s.cpuAddedShare)));
      }
    }
    lines.push("");
  }
  return lines;
}

function row(connections: number, label: string, t: TargetCell, throughput: string, addedUs: string, addedShare: string): string {
  return (
    `| ${connections} | ${label} | ${med(t.requestsPerSecond, 0)} | ${throughput} | ${med(t.gatewayCpuUsPerRequest, 0)} | ` +
    `${addedUs} | ${addedShare} | ${med(t.latencyP50Ms, 0)} | ${med(t.latencyP99Ms, 0)} |`
  );
}
