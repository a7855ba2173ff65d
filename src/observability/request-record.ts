import type { RouteTrace } from "../routing/attempt";
import type { TokenUsage } from "../schemas/usage";

export type StreamEnd = "completed" | "client_disconnected" | "upstream_error";

/** Facts gathered while a request is served; written as one log line when it ends. */
export interface RequestRecord {
  readonly requestId: string;
  readonly startedAt: number;
  readonly method: string;
  readonly path: string;
  tenantId: string | null;
  keyId: string | null;
  model: string | null;
  trace: RouteTrace | null;
  usage: TokenUsage | null;
  errorKind: string | null;
  /** Set by streaming routes; the line is written when the stream ends, not when headers leave. */
  streamEnd: Promise<StreamEnd> | null;
}

export function newRequestRecord(requestId: string, method: string, path: string): RequestRecord {
  return {
    requestId,
    startedAt: Date.now(),
    method,
    path,
    tenantId: null,
    keyId: null,
    model: null,
    trace: null,
    usage: null,
    errorKind: null,
    streamEnd: null,
  };
}
