import type { RequestRecord, StreamEnd } from "./request-record";

/**
 * One JSON line per request. It names who, which model and route, and how it ended; it never holds
 * a prompt, a completion, an `Authorization` header or a provider key.
 */
export function writeRequestLog(record: RequestRecord, status: number, streamEnd: StreamEnd | null): void {
  const served = record.trace?.served ?? null;
  const line = {
    level: status >= 500 ? "error" : "info",
    event: "request",
    requestId: record.requestId,
    method: record.method,
    path: record.path,
    status,
    tenantId: record.tenantId,
    keyId: record.keyId,
    model: record.model,
    provider: served?.provider ?? null,
    target: served?.target ?? null,
    upstreamModel: served?.upstreamModel ?? null,
    attempts: record.trace?.attempts ?? [],
    usage: record.usage,
    error: record.errorKind,
    stream: streamEnd,
    durationMs: Date.now() - record.startedAt,
  };
  console.log(JSON.stringify(line));
}
