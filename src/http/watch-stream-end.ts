export interface WatchedStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Resolves once the stream has ended: true when every byte reached the client. */
  readonly delivered: Promise<boolean>;
}

/**
 * Hands a stream to the client through a native `IdentityTransformStream`, so no JavaScript runs per
 * chunk, and learns from `pipeTo` whether it was delivered whole. (workerd errors the source with the
 * same "cancelled" error whichever side failed, so the pipe alone cannot say who ended it.)
 */
export function watchStreamEnd(source: ReadableStream<Uint8Array>): WatchedStream {
  const { readable, writable } = new IdentityTransformStream();
  const delivered = source.pipeTo(writable).then(
    () => true,
    () => false,
  );
  return { stream: readable, delivered };
}
