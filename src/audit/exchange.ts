import type { AuditMode } from "../schemas/audit-policy";

/** What a stream's copy left for the audit record once the stream ended. */
export interface StreamCapture {
  /** SHA-256 (hex) of every byte of the answer; null when the stream broke before its end. */
  readonly sha256: string | null;
  /** The first bytes of the answer, up to the content limit; empty in `metadata` mode. */
  readonly head: readonly Uint8Array[];
  readonly truncated: boolean;
}

/**
 * The request and answer as exchanged, kept by reference on the request's record until its audit
 * record is built (after the answer): nothing is copied or hashed on the answer's path.
 */
export interface Exchange {
  /** The request body's bytes as received, and the JSON they parsed to; null when no body was read. */
  requestBytes: Uint8Array | null;
  requestBody: unknown;
  /** A whole answer's body as sent, or a stream's capture; null when the request produced no answer. */
  response: { readonly kind: "body"; readonly text: string } | { readonly kind: "stream"; readonly capture: Promise<StreamCapture> } | null;
}

export function newExchange(): Exchange {
  return { requestBytes: null, requestBody: null, response: null };
}

/** A guardrail's decision on a request, as the audit record keeps it (guardrails come with governance). */
export interface GuardrailVerdict {
  readonly guardrail: string;
  readonly verdict: "allowed" | "flagged" | "blocked" | "redacted";
  readonly detail: string | null;
}

/** The audit settings a request was served under, once its tenant's policy was resolved. */
export interface AuditContext {
  readonly mode: AuditMode;
  readonly policyVersion: string;
  /** The most of each side's content kept (`audit.maxContentBytes`). */
  readonly contentLimitBytes: number;
}
