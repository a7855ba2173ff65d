import { num, signed } from "./format";
import { loadConnections } from "./guardrails-load";
import type { MicroTiming } from "./guardrails-micro";
import { type GuardrailsFigures, type LoadRow, type MicroRow, renderLoadTable, renderMicroTable } from "./guardrails-report";
import { endToEndPromptBytes } from "./guardrails-requests";
import { headerLines, type RunHeader } from "./section-header";
import type { Spread } from "./stats";

/** The part of bench/RESULTS.md `npm run bench:guardrails -- --record` owns. */
export const guardrailsSectionHeading = "## Guardrails";

export interface GuardrailsContext extends RunHeader {
  readonly micro: MicroTiming;
  readonly wallSeconds: number;
  readonly otherLoadCores: Spread;
  readonly bundleBytes: number;
}

export function renderGuardrailsSection(figures: GuardrailsFigures, context: GuardrailsContext): string {
  const { micro } = context;
  return [
    guardrailsSectionHeading,
    "",
    ...headerLines(
      context,
      `${context.rounds} round(s); micro: ${micro.warmupMs / 1000} s warm-up, then ${micro.measureMs / 1000} s and at least ${micro.minCalls} calls per case and round; ` +
        `end to end: ${context.durationSeconds} s per run at c${loadConnections}`,
      context.wallSeconds,
      context.otherLoadCores,
    ),
    "",
    "What the guardrails cost per request. By default only the input side runs: the message and tool counts",
    "(`assertRequestCounts`) and the five input rules (`evaluateInput` with `defaultInputGuardrailSettings`: one",
    "normalization per message, then each rule; docs/guardrails-input.md). Personal-data scanning and the output",
    "side (whole-answer and stream redaction, the tool-call check) run only when a tenant's policy turns them on.",
    "Code: `bench/guardrails.ts`.",
    "",
    "### Per request, in Node",
    "",
    "The pure modules imported directly and run in the bench's Node process (tsx), each call timed on its own",
    "(`process.hrtime`), after a warm-up; the median and p99 are over a round's calls, then the median (min–max)",
    "over rounds, cases in an order rotating by round. Inputs are generated from a fixed seed",
    "(`bench/guardrails-prompts.ts`): prose, a TypeScript snippet, a JSON blob, with the hits in **found** (an",
    "injection phrase, one base64-encoded, an email, a phone number, an API key); each request carries a system",
    "message too (not inspected by the rules, scanned by neither guard by default). Whole-answer redaction is what",
    "`guard-whole-answer.ts` does with redaction on: parse the completion, mask, serialize. Stream redaction pipes",
    "one SSE event per ~4-character token through `createStreamRedaction` (the default 512-character window) and",
    "reads it to the end; \"window only\" pushes the same tokens through a `RedactionWindow` without SSE or JSON.",
    "Node's V8 is workerd's, but these are not workerd's figures: the end-to-end table is.",
    "",
    renderMicroTable(figures.micro),
    "### End to end: the bundled Worker",
    "",
    "One bundle (`wrangler deploy --dry-run`) in one workerd under the Miniflare API, with wrangler.toml's bindings",
    "(storage on a RAM disk, as the audit bench's), the bench's gateway config and the zero-latency simulator in its",
    "own process; autocannon sends the same chat call with three keys whose tenants differ only in their guardrails:",
    "**`off`**, a policy with every input rule and the output tool-call check off (the baseline; the counts still",
    "run); **`defaults`**, a tenant without a policy; **`strict`**, `instruction_override` blocking at high,",
    "`personalData: redact` and `output.redact: true` (a comparison, not a default). The call has a system message",
    `and a ${num(endToEndPromptBytes / 1024, 1)} KiB user prompt with an email and a phone number and no injection phrase (so \`strict\` serves`,
    "it); the simulator's answer echoes the prompt's start, plain or in 20 chunks, so it holds the email and phone",
    "number too. `strict` masks them in the prompt before it is sent, so its output guard scans an answer whose",
    "values are already masked: the scan is the cost, masking two values adds little. Before any load, every",
    "variant was checked: 200 in both modes, the answer's email masked by `strict` only, an injection phrase refused",
    "(400 `guardrail_blocked`) by `strict` only. Runs are interleaved, the order rotating by round and mode;",
    "figures are medians over rounds (min–max); \"vs off\" and \"added\" are paired with `off`'s run in the same",
    "round and mode. CPU is the workerd process's user+system time per request (/proc), which in Miniflare",
    "includes the audit trail's Durable Object, the same for every variant. Latencies are autocannon's, at 1 ms",
    `resolution. Bundle: ${num(context.bundleBytes / 1024, 0)} KiB.`,
    "",
    renderLoadTable(figures.load),
    ...interpretation(figures),
    "",
  ].join("\n");
}

/** The few sentences under the tables, from the measured figures. */
function interpretation(figures: GuardrailsFigures): string[] {
  const microOf = (group: string, input: string): MicroRow | undefined => figures.micro.find((r) => r.case.group === group && r.case.input.startsWith(input));
  const loadOf = (mode: string, variant: string): LoadRow | undefined => figures.load.find((r) => r.mode === mode && r.variant === variant);
  const [short, two, big] = ["short", "2 KB", "64 KB"].map((input) => microOf("default input guardrails", input));
  const [plain, stream, strictPlain, offPlain] = [loadOf("plain", "defaults"), loadOf("stream", "defaults"), loadOf("plain", "strict"), loadOf("plain", "off")];
  if (!short || !two || !big || !plain?.vsOff || !stream?.vsOff || !strictPlain?.vsOff || !offPlain) return [];
  const m = (value: Spread): number => value.median;
  const plus = (value: Spread): string => signed({ ...value, n: 1 }, 0);
  return [
    `**The defaults' cost:** in Node, ${num(m(short.medianUs), 0)} µs for a short chat turn, ${num(m(two.medianUs), 0)} µs for a 2 KB prompt and`,
    `${num(m(big.medianUs) / 1000, 1)} ms for a 64 KB document (${num(m(two.usPerKiB), 0)} and ${num(m(big.usPerKiB), 0)} µs per KiB). End to end with the`,
    `~2 KB prompt, the defaults add ${plus(plain.vsOff.cpuUs)} µs of workerd CPU per plain request (${num((m(plain.vsOff.cpuUs) / m(offPlain.cpuUsPerRequest)) * 100, 0)}% of \`off\`'s`,
    `${num(m(offPlain.cpuUsPerRequest), 0)} µs) and ${plus(stream.vsOff.cpuUs)} µs per stream, throughput ${num(m(plain.vsOff.throughputRatio), 2)}× and ${num(m(stream.vsOff.throughputRatio), 2)}× \`off\`'s.`,
    `\`strict\` adds ${plus(strictPlain.vsOff.cpuUs)} µs per plain request: personal-data scanning of the prompt and redaction of the answer.`,
  ];
}
