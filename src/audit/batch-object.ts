import type { ChainEntry } from "./chain";
import { toHex } from "./sha256";

/**
 * The body of a batch object: one line per entry, NDJSON, gzip. Each line is
 * `{"seq":1,"prevHash":"…","hash":"…","record":<the record's JSON as stored>}`, written by
 * concatenation so the record's bytes between `"record":` and the final `}` are exactly the ones
 * hashed. Runs in Workers and in Node (the offline verifier).
 */

/** A batch line; an export line starts with the chain's shard (`{"shard":2,"seq":…`), which the hash does not cover. */
const linePattern = /^\{(?:"shard":(\d+),)?"seq":(\d+),"prevHash":"([0-9a-f]{64})","hash":"([0-9a-f]{64})","record":(.*)\}$/s;

export function batchLine(entry: ChainEntry): string {
  return `{"seq":${entry.seq},"prevHash":"${entry.prevHash}","hash":"${entry.hash}","record":${entry.record}}`;
}

export function batchText(entries: readonly ChainEntry[]): string {
  let text = "";
  for (const entry of entries) text += `${batchLine(entry)}\n`;
  return text;
}

/** A line read back, with the shard an export line names (null for a batch line), or why it could not be read (1-based line number). */
export type ParsedLine =
  | { readonly ok: true; readonly entry: ChainEntry; readonly shard: number | null }
  | { readonly ok: false; readonly line: number; readonly detail: string };

/**
 * Reads the lines of a batch (or an export that kept the same line format). A line reformatted by a
 * tool (spaces, key order) is read as JSON and its record re-serialized, which matches the hash only
 * if the record was stored in `JSON.stringify` form, as the gateway stores it.
 */
export function parseBatchText(text: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (trimmed.trim() === "") continue;
    parsed.push(parseBatchLine(trimmed, index + 1));
  }
  return parsed;
}

export function parseBatchLine(line: string, lineNumber: number): ParsedLine {
  const exact = linePattern.exec(line);
  if (exact) {
    const [, shard, seq, prevHash, hash, record] = exact;
    if (seq !== undefined && prevHash !== undefined && hash !== undefined && record !== undefined) {
      return { ok: true, entry: { seq: Number(seq), prevHash, hash, record }, shard: shard === undefined ? null : Number(shard) };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, line: lineNumber, detail: "not JSON" };
  }
  if (typeof value !== "object" || value === null) return { ok: false, line: lineNumber, detail: "not a JSON object" };
  const seq: unknown = Reflect.get(value, "seq");
  const prevHash: unknown = Reflect.get(value, "prevHash");
  const hash: unknown = Reflect.get(value, "hash");
  const record: unknown = Reflect.get(value, "record");
  const shard: unknown = Reflect.get(value, "shard");
  if (typeof seq !== "number" || typeof prevHash !== "string" || typeof hash !== "string" || record === undefined) {
    return { ok: false, line: lineNumber, detail: "missing seq, prevHash, hash or record" };
  }
  if (shard !== undefined && !(typeof shard === "number" && Number.isSafeInteger(shard) && shard >= 0)) {
    return { ok: false, line: lineNumber, detail: "its shard is not a shard number" };
  }
  return { ok: true, entry: { seq, prevHash, hash, record: JSON.stringify(record) }, shard: shard ?? null };
}

export async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function gunzipText(bytes: Uint8Array): Promise<string> {
  // A copy backed by a plain ArrayBuffer, which every platform's Blob accepts (Node's types insist).
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

/** SHA-256 of bytes (hex), with the platform's own implementation: nothing here needs to be synchronous. */
export async function sha256HexOfBytes(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes))));
}
