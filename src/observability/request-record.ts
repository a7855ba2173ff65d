import { type AuditContext, type Exchange, type GuardrailVerdict, newExchange } from "../audit/exchange";
import type { Candidate } from "../config/runtime-config";
import type { KillSwitchFact } from "../governance/kill-switches/switch";
import type { LimitRecord } from "../limits/limit-record";
import type { RouteTrace } from "../routing/attempt";
import type { TokenUsage } from "../schemas/usage";
import type { TraceContext } from "./trace-context";

export interface AdminChangeFact {
  readonly action: string;
  readonly target: Readonly<Record<string, string | number | null>>;
}

/** How a stream ended: whole, cut short by the client, or broken (or stalled) on the provider's side. */
export type StreamEnd = "completed" | "client_disconnected" | "upstream_error";

/** The gateway's own phases, in the order they run; each is reported in `Server-Timing` and the log. */
export const phases = ["policy", "auth", "parse", "route", "limits", "upstream"] as const;
export type Phase = (typeof phases)[number];

/** Facts gathered while a request is served; they become headers, one log line and metrics. */
export interface RequestRecord {
  readonly requestId: string;
  readonly traceContext: TraceContext;
  /** `performance.now()` at arrival. */
  readonly startedAt: number;
  /** Arrival on the wall clock (ms since epoch), for the audit record. */
  readonly receivedAt: number;
  /** The client's address as Cloudflare saw it (`CF-Connecting-IP`); null without one. */
  readonly clientIp: string | null;
  readonly method: string;
  readonly path: string;
  readonly colo: string | null;
  readonly country: string | null;
  readonly continent: string | null;
  /** The caller's configured region (from country and continent); null when the request has no location. */
  callerRegion: string | null;
  readonly phaseMs: Partial<Record<Phase, number>>;
  /** The currency of the configured prices, once the config is known. */
  currency: string;
  tenantId: string | null;
  keyId: string | null;
  role: string | null;
  /** The model name the client asked for, as sent. */
  model: string | null;
  /** The configured public model that served it; null until the name resolved. */
  routedModel: string | null;
  routing: RouteTrace | null;
  /** What the limiter decided; null when nothing limits the request (or it never got that far). */
  limits: LimitRecord | null;
  usage: TokenUsage | null;
  errorKind: string | null;
  /** Set by streaming routes; the line is written when the stream ends, not when headers leave. */
  streamEnd: Promise<StreamEnd> | null;
  /** The tenant's audit mode and policy version, once its policy was resolved (before routing). */
  audit: AuditContext | null;
  /** What guardrails decided, in the order they ran. */
  readonly guardrails: GuardrailVerdict[];
  /** The kill switch that refused the request or took targets out of its route, or that an admin request changed. */
  killSwitch: KillSwitchFact | null;
  /** On an admin request that changed something: the action and what it touched (ids and versions only). */
  adminChange: AdminChangeFact | null;
  /** The request and answer by reference, for the audit record's content and hashes. */
  readonly exchange: Exchange;
}

export interface RequestOrigin {
  readonly clientIp: string | null;
  readonly colo: string | null;
  readonly country: string | null;
  readonly continent: string | null;
}

export function newRequestRecord(
  requestId: string,
  traceContext: TraceContext,
  method: string,
  path: string,
  origin: RequestOrigin,
): RequestRecord {
  return {
    requestId,
    traceContext,
    startedAt: performance.now(),
    receivedAt: Date.now(),
    clientIp: origin.clientIp,
    method,
    path,
    colo: origin.colo,
    country: origin.country,
    continent: origin.continent,
    callerRegion: null,
    phaseMs: {},
    currency: "USD",
    tenantId: null,
    keyId: null,
    role: null,
    model: null,
    routedModel: null,
    routing: null,
    limits: null,
    usage: null,
    errorKind: null,
    streamEnd: null,
    audit: null,
    guardrails: [],
    killSwitch: null,
    adminChange: null,
    exchange: newExchange(),
  };
}

/** Adds the time since `since` (a `performance.now()` reading) to a phase. */
export function addPhase(record: RequestRecord, phase: Phase, since: number): void {
  record.phaseMs[phase] = (record.phaseMs[phase] ?? 0) + (performance.now() - since);
}

/** The candidate that served the request, if one did. */
export function servedBy(record: RequestRecord): Candidate | null {
  return record.routing?.served ?? null;
}
