import type { AuditMode } from "../schemas/audit-policy";
import type { AuditContext, Exchange, StreamCapture } from "./exchange";
import { type RedactionKind, redactJson } from "./redact";
import { toHex } from "./sha256";
import { streamedAnswerOf } from "./stream-text";

type Counts = Partial<Record<RedactionKind, number>>;

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

const encoder = new TextEncoder();

async function sha256Of(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** A side's content: its JSON when it fits the limit, else the beginning of its text. */
function kept(bytes: Uint8Array, limitBytes: number, parsed: () => unknown): { value: unknown; truncated: boolean } {
  if (bytes.byteLength <= limitBytes) return { value: parsed(), truncated: false };
  return { value: new TextDecoder().decode(bytes.subarray(0, limitBytes)), truncated: true };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function streamedContent(capture: StreamCapture): unknown {
  const total = capture.head.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of capture.head) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { stream: true, ...streamedAnswerOf(new TextDecoder().decode(bytes)) };
}

async function responseOf(exchange: Exchange, withContent: boolean, limitBytes: number): Promise<{ sha256: string | null; value: unknown; truncated: boolean }> {
  const response = exchange.response;
  if (response === null) return { sha256: null, value: null, truncated: false };
  if (response.kind === "stream") {
    const capture = await response.capture;
    return { sha256: capture.sha256, value: withContent ? streamedContent(capture) : null, truncated: withContent && capture.truncated };
  }
  const bytes = encoder.encode(response.text);
  const content = withContent ? kept(bytes, limitBytes, () => parseOrText(response.text)) : { value: null, truncated: false };
  return { sha256: await sha256Of(bytes), ...content };
}

function addCounts(into: Record<string, number>, counts: Counts): void {
  for (const [kind, count] of Object.entries(counts)) if (count !== undefined) into[kind] = (into[kind] ?? 0) + count;
}

/**
 * Builds the content section after the answer, off its path: hashes always (the bytes exchanged, so
 * a party holding a copy can prove it is the one audited), the content itself only in `full` mode,
 * or masked in `redacted` mode.
 */
export async function auditContentOf(exchange: Exchange, context: AuditContext): Promise<AuditContent> {
  const { mode, contentLimitBytes } = context;
  const withContent = mode !== "metadata";
  const requestBytes = exchange.requestBytes;
  const requestSide = requestBytes && withContent ? kept(requestBytes, contentLimitBytes, () => exchange.requestBody) : { value: null, truncated: false };
  const [requestSha256, response] = await Promise.all([requestBytes ? sha256Of(requestBytes) : Promise.resolve(null), responseOf(exchange, withContent, contentLimitBytes)]);
  let request = requestSide.value;
  let answer = response.value;
  let redactions: Record<string, number> | null = null;
  if (mode === "redacted") {
    redactions = {};
    const maskedRequest = redactJson(request);
    const maskedAnswer = redactJson(answer);
    request = maskedRequest.value;
    answer = maskedAnswer.value;
    addCounts(redactions, maskedRequest.counts);
    addCounts(redactions, maskedAnswer.counts);
  }
  return {
    mode,
    requestSha256,
    responseSha256: response.sha256,
    request,
    response: answer,
    truncated: requestSide.truncated || response.truncated,
    redactions,
  };
}
