import * as z from "zod/mini";
import { auditModes } from "../schemas/audit-policy";
import { auditSchemaVersion } from "./contract";

const nullableString = z.nullable(z.string());

const guardrailVerdictSchema = z.object({
  guardrail: z.string(),
  verdict: z.enum(["allowed", "flagged", "blocked", "redacted"]),
  detail: nullableString,
});

/** What the record keeps of the exchange, by the tenant's audit mode (docs/audit.md, "Content"). */
const contentSchema = z.object({
  mode: z.enum(auditModes),
  requestSha256: nullableString,
  responseSha256: nullableString,
  request: z.unknown(),
  response: z.unknown(),
  truncated: z.boolean(),
  redactions: z.nullable(z.record(z.string(), z.number())),
});

const attemptSchema = z.object({
  target: z.string(),
  provider: z.string(),
  outcome: z.string(),
  status: z.nullable(z.number()),
  durationMs: z.number(),
});

/**
 * One request as the audit trail keeps it (version 1, docs/audit.md): who called, from where, what
 * they asked for, what the gateway decided and why, and how it ended. Never the API key, never a
 * provider key; the content fields follow the tenant's audit mode.
 */
export const auditRecordSchema = z.object({
  v: z.literal(auditSchemaVersion),
  /** The chain also holds the retention runs' records (`kind: "retention"`). */
  kind: z.literal("request"),
  requestId: z.string(),
  /** Arrival, ISO 8601 UTC. */
  time: z.string(),
  /** Null for a request refused before a key was recognized (it is kept in the gateway's own trail). */
  tenantId: nullableString,
  keyId: nullableString,
  role: nullableString,
  client: z.object({ ip: nullableString, country: nullableString, continent: nullableString, colo: nullableString }),
  method: z.string(),
  path: z.string(),
  /** The model name the client sent, and the configured public model it resolved to. */
  model: nullableString,
  routedModel: nullableString,
  route: z.nullable(
    z.object({
      explanation: z.string(),
      strategy: z.string(),
      candidates: z.array(z.string()),
      attempts: z.array(attemptSchema),
      target: nullableString,
      provider: nullableString,
      upstreamModel: nullableString,
      region: nullableString,
      fallbackReasons: z.array(z.string()),
    }),
  ),
  status: z.number(),
  /** The error reason (docs/errors.md), or null. */
  error: nullableString,
  stream: nullableString,
  phasesMs: z.record(z.string(), z.number()),
  durationMs: z.number(),
  usage: z.nullable(z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedInputTokens: z.number() })),
  cost: z.nullable(z.number()),
  currency: nullableString,
  /** What the limiter decided, and which object decided it. */
  limits: z.nullable(z.object({ outcome: z.string(), limiter: nullableString })),
  /** The tenant policy the request was served under (`kv:<hash>`, `config:<hash>` or `none`). */
  policyVersion: z.string(),
  guardrails: z.array(guardrailVerdictSchema),
  /**
   * The operator's kill switch that refused the request or took targets out of its route (docs/kill-switches.md),
   * or on the admin request that pulled or released one, that switch. Optional: records written before it existed lack it.
   */
  killSwitch: z.optional(z.nullable(z.object({ scope: z.string(), id: nullableString, reason: z.string() }))),
  /**
   * On an admin request that changed something: what it changed (ids and versions, never a key or its hash).
   * The actor is the record's tenant and key. Optional: records written before it existed lack it.
   */
  adminChange: z.optional(z.nullable(z.object({ action: z.string(), target: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) }))),
  content: contentSchema,
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** The trail of requests that never reached a tenant (no key, an unknown key): kept, and read by admins only. */
export const gatewayAuditTenant = "_gateway";
