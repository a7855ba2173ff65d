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
