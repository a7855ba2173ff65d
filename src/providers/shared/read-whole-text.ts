/**
 * Reads a stream to its end as text, natively. The copy goes through an `IdentityTransformStream` first:
 * workerd, asked to read a tee branch whole with `text()`, holds back the other branch until the end,
 * which would undo streaming; piped, both branches flow as bytes arrive.
 */
export function readWholeText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const { readable, writable } = new IdentityTransformStream();
  void stream.pipeTo(writable).catch(() => undefined);
  return new Response(readable).text();
}

/**
 * A stream passed through natively (no JavaScript per chunk), with its whole text read from a copy
 * once it ends; `text` rejects when the upstream broke off. For streams with no idle limit.
 */
export function teeWithText(upstream: ReadableStream<Uint8Array>): { body: ReadableStream<Uint8Array>; text: Promise<string> } {
  const [body, copy] = upstream.tee();
  return { body, text: readWholeText(copy) };
}
