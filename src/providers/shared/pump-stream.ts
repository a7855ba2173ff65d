import { IdleWatch } from "./idle-watch";

/** How a pumped stream ended: whole, broken off (or stalled), or cancelled by the client. */
export type PumpEnd = "completed" | "failed" | "cancelled";

export interface PumpOptions {
  /** Ends a stream quiet for this long like a broken one (0: never). */
  readonly idleTimeoutMs: number;
  /** Written to the client when the upstream breaks off or stalls, in the client's API's format. */
  readonly errorEvent: string;
  /** Sees each chunk on its way through (to keep what the usage is read from). */
  readonly onChunk: (chunk: Uint8Array) => void;
  /** Rewrites what the client gets; without one, every byte passes as it came. */
  readonly filter?: StreamFilter;
}

/** A rewrite of a stream's bytes on their way to the client, with whatever it held back at the end. */
export interface StreamFilter {
  chunk(bytes: Uint8Array): Uint8Array;
  flush(): Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Passes a stream through byte for byte as a pulled stream: one upstream read per client read,
 * nothing parsed. Pumping it in JavaScript (rather than piping it natively) is what lets the gateway
 * end a stream that stalls, or breaks off (a reset, the target's total limit aborting it), with an
 * error event the client's SDK raises, instead of a hang or a silent truncation. A client hang-up
 * cancels the upstream read. `ended` never rejects.
 */
export function pumpStream(upstream: ReadableStream<Uint8Array>, options: PumpOptions): { body: ReadableStream<Uint8Array>; ended: Promise<PumpEnd> } {
  const reader = chunkReader(upstream);
  let stalled = false;
  const idle = new IdleWatch(options.idleTimeoutMs, () => {
    stalled = true;
    void reader.cancel(new Error("upstream stream idle")).catch(() => undefined);
  });
  let settle: (end: PumpEnd) => void = () => undefined;
  const ended = new Promise<PumpEnd>((resolve) => {
    settle = resolve;
  });
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, end: PumpEnd): void => {
    idle.stop();
    const held = options.filter?.flush();
    if (held && held.byteLength > 0) controller.enqueue(held);
    if (end === "failed") controller.enqueue(encoder.encode(options.errorEvent));
    controller.close();
    settle(end);
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A filter may hold back a partial event; then the next piece is read before returning, since
      // the stream would not ask again after a pull that enqueued nothing.
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch {
          finish(controller, "failed");
          return;
        }
        if (result.done) {
          // A cancelled read resolves as done; after a stall that is a failure, not an end.
          finish(controller, stalled ? "failed" : "completed");
          return;
        }
        idle.progressed();
        options.onChunk(result.value);
        const out = options.filter ? options.filter.chunk(result.value) : result.value;
        if (out.byteLength > 0) {
          controller.enqueue(out);
          return;
        }
      }
    },
    cancel(reason) {
      idle.stop();
      settle("cancelled");
      return reader.cancel(reason);
    },
  });
  return { body, ended };
}

/** Reads of at most this many bytes: whatever has arrived since the last read, in one piece. */
const readBufferBytes = 64 * 1024;

interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A reader that takes everything the upstream has queued in one read when it can (a byte stream, as
 * every fetch body is), so chunks that arrive together cost the isolate one turn, not one each; a
 * plain stream is read chunk by chunk.
 */
function chunkReader(upstream: ReadableStream<Uint8Array>): ChunkReader {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = upstream.getReader({ mode: "byob" });
  } catch {
    const reader = upstream.getReader();
    // A broken upstream rejects `closed` too; the failed read is what reports it.
    reader.closed.catch(() => undefined);
    return reader;
  }
  byob.closed.catch(() => undefined);
  let buffer = new Uint8Array(readBufferBytes);
  return {
    async read() {
      const result = await byob.read(buffer);
      if (result.done || !result.value) return { done: true, value: undefined };
      // The read transferred the buffer; it is reused, so the client gets a copy of the filled part.
      buffer = new Uint8Array(result.value.buffer);
      return { done: false, value: result.value.slice() };
    },
    cancel: (reason) => byob.cancel(reason),
  };
}

/** The chunks of a stream, or only its last ones: at least `limitBytes` of them when there are that many. */
export class KeptChunks {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(private readonly limitBytes: number = Number.POSITIVE_INFINITY) {}

  readonly keep = (chunk: Uint8Array): void => {
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    while (this.chunks.length > 1 && this.bytes - (this.chunks[0]?.byteLength ?? 0) >= this.limitBytes) {
      this.bytes -= this.chunks.shift()?.byteLength ?? 0;
    }
  };

  text(): string {
    const decoder = new TextDecoder();
    return this.chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode();
  }
}
