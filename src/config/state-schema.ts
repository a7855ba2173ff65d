import * as z from "zod/mini";
import { tenantPolicySchema } from "../schemas/limits";

/** How the limiter is reached and how requests are estimated before their usage is known (docs/limits.md). */
export const limitSettingsSchema = z.object({
  /** How long an isolate keeps a tenant's policy record (or its absence) from KV: the staleness a policy change allows. */
  policyCacheTtlSeconds: z._default(z.number().check(z.minimum(0), z.maximum(300)), 5),
  /** Output tokens reserved for a request that sets no `max_tokens`. */
  defaultOutputTokens: z._default(z.int().check(z.minimum(1), z.maximum(1_000_000)), 4096),
  /** A limiter that has not answered in this long counts as unreachable (the tenant's fail mode applies). */
  timeoutMs: z._default(z.int().check(z.minimum(10), z.maximum(30_000)), 1000),
});

export const defaultLimitSettings = { policyCacheTtlSeconds: 5, defaultOutputTokens: 4096, timeoutMs: 1000 };
export type LimitSettings = z.infer<typeof limitSettingsSchema>;

/** Sessions (`x-session-id`): how long an idle one lives and how much history it may hold (docs/sessions.md). */
export const sessionSettingsSchema = z.object({
  idleTtlSeconds: z._default(z.int().check(z.minimum(60), z.maximum(30 * 24 * 3600)), 3600),
  maxMessages: z._default(z.int().check(z.minimum(2), z.maximum(10_000)), 200),
  maxHistoryBytes: z._default(z.int().check(z.minimum(1024), z.maximum(16 * 1024 * 1024)), 256 * 1024),
});

export const defaultSessionSettings = { idleTtlSeconds: 3600, maxMessages: 200, maxHistoryBytes: 256 * 1024 };
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

/** The audit trail's gateway-wide settings; tenants' own (mode, retention, hold) are in their policies (docs/audit.md). */
export const auditSettingsSchema = z.object({
  /** The most of each side of an exchange (request, answer) a `full` or `redacted` record keeps; the hashes cover all of it. */
  maxContentBytes: z._default(z.int().check(z.minimum(1024), z.maximum(512 * 1024)), 128 * 1024),
});

export const defaultAuditSettings = { maxContentBytes: 128 * 1024 };
export type AuditSettings = z.infer<typeof auditSettingsSchema>;

/** Tenant policies as code, by tenant id; a KV record `tenant:<id>` replaces the tenant's entry here. */
export const tenantsSchema = z.record(z.string().check(z.minLength(1), z.maxLength(128)), tenantPolicySchema);
