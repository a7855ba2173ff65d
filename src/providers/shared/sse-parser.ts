/** One Server-Sent Event: its `event:` name ("message" when absent) and its joined `data:` lines. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * An incremental Server-Sent Events parser (WHATWG HTML §9.2): accepts text in arbitrary pieces,
 * with LF, CRLF or CR line ends split anywhere, and returns the events each piece completed.
 */
export class SseParser {
  private buffer = "";
  private eventName = "";
  private dataLines: string[] = [];
  /** A CR ended the last piece; an LF starting the next belongs to it. */
  private pendingCr = false;

  push(text: string): SseEvent[] {
    // An empty piece must not forget a CR that ended the previous one.
    if (text === "") return [];
    let input = text;
    if (this.pendingCr && input.startsWith("\n")) input = input.slice(1);
    this.pendingCr = false;
    this.buffer += input;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf("\n", start);
      const cr = this.buffer.indexOf("\r", start);
      let end: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) end = cr;
      else if (lf !== -1) end = lf;
      else break;
      const line = this.buffer.slice(start, end);
      if (this.buffer.charCodeAt(end) === 13) {
        if (end + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer.charCodeAt(end + 1) === 10) end += 1;
      }
      start = end + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** The stream ended: a last event not followed by a blank line still counts. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer !== "") {
      const event = this.line(this.buffer);
      if (event) events.push(event);
      this.buffer = "";
    }
    const last = this.dispatch();
    if (last) events.push(last);
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === "") return this.dispatch();
    if (line.charCodeAt(0) === 58) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    else if (field === "event") this.eventName = value;
    return null;
  }

  private dispatch(): SseEvent | null {
    const hasData = this.dataLines.length > 0;
    const event = hasData ? { event: this.eventName || "message", data: this.dataLines.join("\n") } : null;
    this.dataLines = [];
    this.eventName = "";
    return event;
  }
}
