export interface RecordedRequest {
  provider: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

/** Ring buffer of the most recent requests, queried by tests through `GET /_sim/requests`. */
export class RequestLog {
  private readonly entries: RecordedRequest[] = [];

  constructor(private readonly capacity = 500) {}

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  find(contains: string | null): RecordedRequest[] {
    if (contains === null || contains === "") return [...this.entries];
    return this.entries.filter((entry) => entry.body.includes(contains));
  }
}

export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
