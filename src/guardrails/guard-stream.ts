import type { GuardrailVerdict } from "../audit/exchange";
import type { RequestRecord } from "../observability/request-record";
import type { OutputGuards } from "./output-guards";
import { redactionVerdict } from "./output/redaction-counts";
import { createStreamRedaction } from "./output/sse-redaction";
import { createToolCallGuard } from "./output/tool-call-stream";
import { recordVerdicts } from "./record-verdicts";

export interface GuardedStream {
  readonly body: ReadableStream<Uint8Array>;
  /** Settles once the stream has ended (whole, blocked, failed or cancelled), its verdicts on the record. */
  readonly verdictsRecorded: Promise<void>;
}

/**
 * An OpenAI `chat.completion.chunk` SSE stream through the output guardrails: redaction first, so
 * that a blocked tool call ends the stream before the text still held back is released.
 */
export function guardStream(record: RequestRecord, body: ReadableStream<Uint8Array>, guards: OutputGuards): GuardedStream {
  let guarded = body;
  const verdictsAtEnd: Array<() => GuardrailVerdict | null> = [];
  if (guards.redaction) {
    const redaction = createStreamRedaction(guards.redaction);
    guarded = guarded.pipeThrough(redaction.stream);
    // What the client was sent is what counts, also for a stream cut short.
    verdictsAtEnd.push(() => redactionVerdict(redaction.countsSoFar()));
  }
  if (guards.toolCalls) {
    const toolCallGuard = createToolCallGuard(guards.toolCalls);
    let settled: GuardrailVerdict | null = null;
    void toolCallGuard.verdict.then((verdict) => {
      settled = verdict;
    });
    guarded = guarded.pipeThrough(toolCallGuard.stream);
    verdictsAtEnd.push(() => settled);
  }
  // A JavaScript pipe, not a native one: workerd cannot pipe one native stream into another, and the
  // response pipes this one natively.
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const recordAtEnd = (): void => recordVerdicts(record, verdictsAtEnd.map((verdictOf) => verdictOf()));
  const verdictsRecorded = guarded.pipeTo(writable).then(recordAtEnd, recordAtEnd);
  return { body: readable, verdictsRecorded };
}

/**
 * A stream's completion that settles only once its guardrails' verdicts are recorded too: the request's
 * audit record is built when the completion has settled, so the verdicts are in it.
 */
export async function completionAfterVerdicts<T>(completion: Promise<T>, verdictsRecorded: Promise<void>): Promise<T> {
  const [settled] = await Promise.all([completion, verdictsRecorded]);
  return settled;
}
