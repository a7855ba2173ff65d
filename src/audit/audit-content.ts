import type { AuditMode } from "../schemas/audit-policy";
import type { AuditContext, Exchange, StreamCapture } from "./exchange";
import { type RedactionCounts, redactJson, redactText } from "./redact";
import { toHex } from "./sha256";
import { type StreamedAnswer, streamedAnswerOf } from "./stream-text";
import { trimCutEnd } from "./trim-cut-end";

/** The content section of an audit record, as the tenant's audit mode allows (docs/audit.md, "Content"). */
export interface AuditContent {
  readonly mode: AuditMode;
  /** SHA-256 (hex) of the request body's bytes as received, and of the answer's bytes as sent. */
  readonly requestSha256: string | null;
  readonly responseSha256: string | null;
  /** `full` and `redacted` only: the request body as JSON, and the answer (JSON, or a stream's text and tool calls). */
  readonly request: unknown;
  readonly response: unknown;
  /** Whether a side was longer than the content limit and only its beginning is kept (as text). */
  readonly truncated: boolean;
  /** `redacted` only: how many values of each kind were masked. */
  readonly redactions: Record<string, number> | null;
}

interface Side {
  readonly value: unknown;
  readonly truncated: boolean;
}

const nothing: Side = { value: null, truncated: false };
const encoder = new TextEncoder();

async function sha256Of(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** Counts what each masking found, across the sides of one record. */
class Masking {
  readonly counts: Record<string, number> = {};

  json(value: unknown): unknown {
    const masked = redactJson(value);
    this.add(masked.counts);
    return masked.value;
  }

  text(value: string): string {
    const masked = redactText(value);
    this.add(masked.counts);
    return masked.text;
  }

  private add(counts: RedactionCounts): void {
    for (const [kind, count] of Object.entries(counts)) if (count !== undefined) this.counts[kind] = (this.counts[kind] ?? 0) + count;
  }
}

/**
 * A side held whole (a request body, a JSON answer): its JSON when it fits the limit, else the
 * beginning of its text. Masked before it is cut, so a secret at the cut is masked whole.
 */
function wholeSide(bytes: Uint8Array, limitBytes: number, parsed: () => unknown, masking: Masking | null): Side {
  if (bytes.byteLength <= limitBytes) {
    const value = parsed();
    return { value: masking ? masking.json(value) : value, truncated: false };
  }
  const text = new TextDecoder().decode(bytes);
  const masked = masking ? masking.text(text) : text;
  return { value: new TextDecoder().decode(encoder.encode(masked).subarray(0, limitBytes)), truncated: true };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A stream's kept beginning, read as the answer it says. Only that beginning was kept, so when the
 * stream was longer its last, partial word goes (`trimCutEnd`) before masking: what a secret split
 * at the cut left could be too short to be recognized.
 */
function streamedSide(capture: StreamCapture, masking: Masking | null): Side {
  const total = capture.head.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of capture.head) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let answer: StreamedAnswer = streamedAnswerOf(new TextDecoder().decode(bytes));
  if (capture.truncated) {
    const last = answer.toolCalls.length - 1;
    answer = { text: trimCutEnd(answer.text), toolCalls: answer.toolCalls.map((call, index) => (index === last ? { ...call, arguments: trimCutEnd(call.arguments) } : call)) };
  }
  const value = { stream: true, ...answer };
  return { value: masking ? masking.json(value) : value, truncated: capture.truncated };
}

async function responseOf(exchange: Exchange, withContent: boolean, limitBytes: number, masking: Masking | null): Promise<Side & { sha256: string | null }> {
  const response = exchange.response;
  if (response === null) return { sha256: null, ...nothing };
  if (response.kind === "stream") {
    const capture = await response.capture;
    return { sha256: capture.sha256, ...(withContent ? streamedSide(capture, masking) : nothing) };
  }
  const bytes = encoder.encode(response.text);
  const side = withContent ? wholeSide(bytes, limitBytes, () => parseOrText(response.text), masking) : nothing;
  return { sha256: await sha256Of(bytes), ...side };
}

/**
 * Builds the content section after the answer, off its path: hashes always (the bytes exchanged, so
 * a party holding a copy can prove it is the one audited), the content itself only in `full` mode,
 * or masked in `redacted` mode.
 */
export async function auditContentOf(exchange: Exchange, context: AuditContext): Promise<AuditContent> {
  const { mode, contentLimitBytes } = context;
  const withContent = mode !== "metadata";
  const masking = mode === "redacted" ? new Masking() : null;
  const requestBytes = exchange.requestBytes;
  const request = requestBytes && withContent ? wholeSide(requestBytes, contentLimitBytes, () => exchange.requestBody, masking) : nothing;
  const [requestSha256, response] = await Promise.all([
    requestBytes ? sha256Of(requestBytes) : Promise.resolve(null),
    responseOf(exchange, withContent, contentLimitBytes, masking),
  ]);
  return {
    mode,
    requestSha256,
    responseSha256: response.sha256,
    request: request.value,
    response: response.value,
    truncated: request.truncated || response.truncated,
    redactions: masking ? masking.counts : null,
  };
}
