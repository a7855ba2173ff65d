import * as z from "zod/mini";

/**
 * Durable Object SQLite keeps rows up to 2 MB; a record above this is refused by name rather than by
 * a storage error. The Worker is expected to keep records well below it (content is bounded there).
 */
export const maxRecordBytes = 1_900_000;

/** The only fields of a record the log reads: the rest is opaque, chained as the Worker wrote it. */
const recordFields = z.object({
  requestId: z.string().check(z.minLength(1)),
  time: z.iso.datetime({ offset: true }),
});

/** A record ready to chain: its text as it will be stored and hashed, its request id, its time (ms). */
export interface AppendInput {
  readonly record: string;
  readonly requestId: string;
  readonly time: number;
  readonly bytes: number;
}

export type RecordReading = { readonly ok: true; readonly input: AppendInput } | { readonly ok: false; readonly detail: string };

const encoder = new TextEncoder();

/**
 * Checks one serialized record. A record is stored byte for byte as sent, except one holding line
 * breaks (pretty-printed JSON), which is re-serialized so that each batch line stays one line.
 */
export function readRecord(json: string): RecordReading {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, detail: "the record is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, detail: "the record is not a JSON object" };
  const fields = recordFields.safeParse(value);
  if (!fields.success) return { ok: false, detail: "the record needs a requestId and an ISO 8601 time" };
  const record = /[\n\r]/.test(json) ? JSON.stringify(value) : json;
  const bytes = encoder.encode(record).length;
  if (bytes > maxRecordBytes) return { ok: false, detail: `the record has ${bytes} bytes, more than ${maxRecordBytes}` };
  return { ok: true, input: { record, requestId: fields.data.requestId, time: Date.parse(fields.data.time), bytes } };
}
