import type { StreamObserver } from "../contract";
import { SseLineSplitter, sseData } from "../shared/sse-lines";
import { usageFromBody } from "./usage";

/**
 * Passes an OpenAI SSE stream through byte for byte. It only watches the lines: the usage chunk
 * (sent when the client asked for `stream_options.include_usage`) is read for accounting.
 */
export function passThroughOpenAIStream(
  upstreamBody: ReadableStream<Uint8Array>,
  observer: StreamObserver,
): ReadableStream<Uint8Array> {
  const lines = new SseLineSplitter();
  const watch = (line: string): void => {
    const data = sseData(line);
    // Cheap test first: only the final usage chunk carries a non-null usage object.
    if (data === null || !data.includes('"usage":{')) return;
    const usage = usageFromBody(data);
    if (usage) observer.onUsage(usage);
  };
  return upstreamBody.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        for (const line of lines.push(chunk)) watch(line);
      },
      flush() {
        for (const line of lines.end()) watch(line);
      },
    }),
  );
}
