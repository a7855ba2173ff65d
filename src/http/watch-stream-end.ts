import type { StreamEnd } from "../observability/request-record";

export interface WatchedStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Resolves once: when the stream completes, fails, or the client stops reading. */
  readonly ended: Promise<StreamEnd>;
}

/**
 * Wraps a response stream so the gateway learns how it ended, including when the client hangs up
 * (the consumer cancels). It pulls one chunk per client read, so nothing is buffered here.
 */
export function watchStreamEnd(source: ReadableStream<Uint8Array>): WatchedStream {
  const reader = source.getReader();
  let settle: (end: StreamEnd) => void = () => undefined;
  const ended = new Promise<StreamEnd>((resolve) => {
    settle = resolve;
  });
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            settle("completed");
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          settle("upstream_error");
          controller.error(error);
        }
      },
      async cancel(reason) {
        settle("client_disconnected");
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, ended };
}
