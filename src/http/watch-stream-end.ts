export interface WatchedStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Resolves once the stream ends: true when every byte reached the client, false when it did not. */
  readonly delivered: Promise<boolean>;
}

/**
 * Hands a stream to the client through a native `IdentityTransformStream`, so no JavaScript runs per
 * chunk, and learns from `pipeTo` whether it was delivered whole or the client hung up (or the source
 * failed) before the end.
 */
export function watchStreamEnd(source: ReadableStream<Uint8Array>): WatchedStream {
  const { readable, writable } = new IdentityTransformStream();
  const delivered = source.pipeTo(writable).then(
    () => true,
    () => false,
  );
  return { stream: readable, delivered };
}
