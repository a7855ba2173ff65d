/**
 * Splits a byte stream into SSE lines incrementally, keeping a partial line across chunks.
 * Lines end at LF; a trailing CR (CRLF framing) is dropped.
 */
export class SseLineSplitter {
  private readonly decoder = new TextDecoder();
  private pending = "";

  /** Feeds one chunk and returns the complete lines it finished. */
  push(chunk: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    this.pending = lines.pop() ?? "";
    return lines.map(stripCarriageReturn);
  }

  /** The last line when the stream ended without a final newline. */
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    return rest === "" ? [] : [stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/** The payload of a `data:` line, or null for other fields, comments and blank lines. */
export function sseData(line: string): string | null {
  if (!line.startsWith("data:")) return null;
  return line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
}
