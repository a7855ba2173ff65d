// What the micro bench times, one call per "request": the default input guardrails as guard-input.ts
// runs them, and for comparison the optional guards a tenant can turn on, each on the same inputs.
import { RedactionWindow } from "../src/guardrails/output/text-window";
import { createStreamRedaction } from "../src/guardrails/output/sse-redaction";
import { redactCompletion } from "../src/guardrails/output/whole-answer";
import { evaluateInput } from "../src/guardrails/input/evaluate";
import { guardPersonalData } from "../src/guardrails/input/personal-data";
import { assertRequestCounts } from "../src/guardrails/input/request-counts";
import { defaultInputGuardrailSettings } from "../src/guardrails/input/settings";
import { redactText } from "../src/audit/redact";
import { type AnswerCase, answerCases, type PromptCase, promptCases, textBytes } from "./guardrails-prompts";

export const microGroups = [
  "default input guardrails",
  "personal data, redact",
  "whole-answer redaction",
  "stream redaction (SSE)",
  "stream redaction (window only)",
] as const;
export type MicroGroup = (typeof microGroups)[number];

export interface MicroCase {
  readonly group: MicroGroup;
  readonly input: string;
  /** UTF-8 bytes of the text the guard reads. */
  readonly bytes: number;
  /** What the guard found, checked once before timing: proof that the hits are hits. */
  readonly findings: string;
  readonly run: () => unknown;
}

const personalDataRedact = { ...defaultInputGuardrailSettings.personalData, mode: "redact" } as const;

/** What guardInput does with the defaults, minus recording: the counts, then the five rules. */
function defaultInputGuardrails(prompt: PromptCase): () => unknown {
  return () => {
    assertRequestCounts(prompt.messages.length, 0, defaultInputGuardrailSettings);
    const { blocked } = evaluateInput(prompt.messages, defaultInputGuardrailSettings);
    if (blocked !== null) throw new Error(`${prompt.name}: blocked by the defaults (${blocked.rule})`);
  };
}

function inputFindings(prompt: PromptCase): string {
  const { verdicts } = evaluateInput(prompt.messages, defaultInputGuardrailSettings);
  return verdicts.map((v) => (v.verdict === "allowed" ? "none" : `${v.guardrail.replace("input.", "")} (${v.verdict})`)).join(", ");
}

function personalDataFindings(prompt: PromptCase): string {
  return guardPersonalData(prompt.messages, personalDataRedact).verdict?.detail ?? "none";
}

const countsText = (counts: Readonly<Record<string, number | undefined>>): string =>
  Object.entries(counts).map(([kind, count]) => `${kind}×${count ?? 0}`).join(", ") || "none";

function completionBody(answer: AnswerCase): string {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1_764_000_000,
    model: "bench-model",
    choices: [{ index: 0, message: { role: "assistant", content: answer.text }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 500, completion_tokens: Math.round(answer.text.length / 4), total_tokens: 500 + Math.round(answer.text.length / 4) },
  });
}

/** guard-whole-answer.ts's work when only redaction is on: parse, mask, serialize. */
function wholeAnswerRedaction(answer: AnswerCase): () => unknown {
  const body = completionBody(answer);
  return () => JSON.stringify(redactCompletion(JSON.parse(body)).completion);
}

/** The answer as a model streams it: pieces of about four characters (one token each). */
function tokens(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

/** One SSE event per token, encoded as the provider's bytes arrive (one event per read). */
function sseEvents(answer: AnswerCase): Uint8Array[] {
  const encoder = new TextEncoder();
  const chunk = (delta: object, finish: string | null): Uint8Array =>
    encoder.encode(`data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_764_000_000, model: "bench-model", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`);
  return [chunk({ role: "assistant", content: "" }, null), ...tokens(answer.text).map((piece) => chunk({ content: piece }, null)), chunk({}, "stop"), encoder.encode("data: [DONE]\n\n")];
}

/** guard-stream.ts's redaction: the stream through createStreamRedaction's TransformStream, read to its end. */
function streamRedaction(answer: AnswerCase): () => Promise<unknown> {
  const events = sseEvents(answer);
  return async () => {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(event);
        controller.close();
      },
    });
    const reader = source.pipeThrough(createStreamRedaction().stream).getReader();
    while (!(await reader.read()).done);
  };
}

/** The window alone, token by token: the masking without SSE parsing, JSON and stream plumbing. */
function windowRedaction(answer: AnswerCase): () => unknown {
  const pieces = tokens(answer.text);
  return () => {
    const window = new RedactionWindow();
    for (const piece of pieces) window.push(piece);
    return window.finish();
  };
}

export function microCases(): MicroCase[] {
  const prompts = promptCases();
  const answers = answerCases();
  const answerCase = (group: MicroGroup, answer: AnswerCase, run: () => unknown): MicroCase => ({
    group,
    input: answer.name,
    bytes: Buffer.byteLength(answer.text),
    findings: countsText(redactText(answer.text).counts),
    run,
  });
  return [
    ...prompts.map((p): MicroCase => ({ group: "default input guardrails", input: p.name, bytes: textBytes(p.messages), findings: inputFindings(p), run: defaultInputGuardrails(p) })),
    ...prompts.map(
      (p): MicroCase => ({
        group: "personal data, redact",
        input: p.name,
        bytes: textBytes(p.messages),
        findings: personalDataFindings(p),
        run: () => guardPersonalData(p.messages, personalDataRedact),
      }),
    ),
    ...answers.map((a) => answerCase("whole-answer redaction", a, wholeAnswerRedaction(a))),
    ...answers.map((a) => answerCase("stream redaction (SSE)", a, streamRedaction(a))),
    ...answers.map((a) => answerCase("stream redaction (window only)", a, windowRedaction(a))),
  ];
}
