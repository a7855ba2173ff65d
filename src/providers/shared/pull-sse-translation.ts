import type { TokenUsage } from "../../schemas/usage";
import type { StreamCompletion, TranslatedStream } from "../contract";
import { IdleWatch } from "./idle-watch";
import { type SseEvent, SseParser } from "./sse-parser";

/** Rewrites one SSE stream into another, event by event; stateful, so one is made per stream. */
export interface SseTranslation {
  /** The text to send for these upstream events. */
  push(events: readonly SseEvent[]): string;
  /** The text to send once the upstream has ended (or broken off). */
  end(): string;
  /** Nothing more is to be read: the upstream finished (or failed) in-band. */
  readonly ended: boolean;
  readonly usage: TokenUsage | null;
  readonly upstreamFailed: boolean;
}

/**
 * Runs a translation as a pulled stream: nothing is read from the upstream faster than the client
 * reads, one upstream read per client read that produces output. However the upstream ends, the
 * client's stream closes with what `end()` writes (an in-band error event when it ended early). A
 * client hang-up cancels the upstream read; `completion` reports the usage and whether the upstream failed, and never rejects.
 */
export function pullSseTranslation(
  upstream: ReadableStream<Uint8Array>,
  translation: SseTranslation,
  idleTimeoutMs = 0,
): TranslatedStream & { readonly completion: Promise<StreamCompletion> } {
  const parser = new SseParser();
  const textDecoder = new TextDecoder();
  const encoder = new TextEncoder();
  const reader = upstream.getReader();
  const idle = new IdleWatch(idleTimeoutMs, () => void reader.cancel(new Error("upstream stream idle")).catch(() => undefined));
  let settle: (completion: StreamCompletion) => void = () => undefined;
  const completion = new Promise<StreamCompletion>((resolve) => {
    settle = resolve;
  });
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, text: string): void => {
    idle.stop();
    if (text !== "") controller.enqueue(encoder.encode(text));
    controller.close();
    settle({ usage: translation.usage, upstreamFailed: translation.upstreamFailed });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
          idle.progressed();
        } catch {
          // A broken connection (or the target's time limit) ends the stream like a cut-off one.
          finish(controller, translation.push(parser.end()) + translation.end());
          return;
        }
        if (result.done) {
          const rest = parser.push(textDecoder.decode());
          finish(controller, translation.push([...rest, ...parser.end()]) + translation.end());
          return;
        }
        const text = translation.push(parser.push(textDecoder.decode(result.value, { stream: true })));
        if (translation.ended) {
          finish(controller, text);
          // Past the end or an in-band error there is nothing more to read; release the upstream.
          void reader.cancel().catch(() => undefined);
          return;
        }
        if (text !== "") {
          controller.enqueue(encoder.encode(text));
          return;
        }
      }
    },
    cancel(reason) {
      idle.stop();
      settle({ usage: translation.usage, upstreamFailed: false });
      return reader.cancel(reason);
    },
  });
  return { body, completion };
}
