/** A W3C Trace Context (https://www.w3.org/TR/trace-context/): the caller's trace, or a new one. */
export interface TraceContext {
  readonly traceId: string;
  /** The caller's span, if it sent one: the parent of the spans this request opens. */
  readonly parentId: string | null;
  readonly flags: string;
  readonly tracestate: string | null;
}

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

function randomHex(bytes: number): string {
  let hex = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(bytes))) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Accepts a well-formed `traceparent` (version 00, or a later version's first four fields as the spec
 * asks), else starts a new trace. All-zero ids and version ff are invalid by the spec.
 */
export function traceContextFrom(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  const match = traceparent === undefined ? null : traceparentPattern.exec(traceparent.trim());
  const [, version, traceId, parentId, flags, rest] = match ?? [];
  const valid =
    version !== undefined &&
    traceId !== undefined &&
    parentId !== undefined &&
    flags !== undefined &&
    version !== "ff" &&
    !(version === "00" && rest !== undefined) &&
    !/^0+$/.test(traceId) &&
    !/^0+$/.test(parentId);
  if (!valid) return { traceId: randomHex(16), parentId: null, flags: "00", tracestate: null };
  return { traceId, parentId, flags, tracestate: tracestate?.trim() || null };
}

/** Headers for an upstream call: the same trace, with a new span id standing for that call. */
export function upstreamTraceHeaders(context: TraceContext): Record<string, string> {
  const headers: Record<string, string> = { traceparent: `00-${context.traceId}-${randomHex(8)}-${context.flags}` };
  if (context.tracestate) headers.tracestate = context.tracestate;
  return headers;
}
