import * as z from "zod/mini";
import { accessPolicySchema } from "./access-policy";
import { defaultTenantAudit, tenantAuditSchema } from "./audit-policy";
import { defaultGuardrailPolicy, guardrailPolicySchema } from "./guardrail-policy";

const positiveInt = z.int("must be a whole number").check(z.minimum(1, "must be at least 1"), z.maximum(1_000_000_000, "must be at most 1000000000"));
const positiveAmount = z.number("must be a number").check(z.positive("must be more than 0"), z.maximum(1_000_000_000, "must be at most 1000000000"));

/** Limits on one subject's traffic in a sliding minute, and on how many of its requests run at once. */
export const rateLimitsSchema = z.object({
  requestsPerMinute: z.optional(positiveInt),
  /** Input plus output tokens, reserved from an estimate and corrected to the real usage afterwards. */
  tokensPerMinute: z.optional(positiveInt),
  concurrentRequests: z.optional(positiveInt),
});

/**
 * What a tenant or a key may use. Spend is in the gateway's currency, from the targets' prices, per
 * UTC calendar day and month. `models` sets limits per public model on top (a key+model subject).
 */
export const limitsSchema = z.object({
  ...rateLimitsSchema.shape,
  spendPerDay: z.optional(positiveAmount),
  spendPerMonth: z.optional(positiveAmount),
  models: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(128)), rateLimitsSchema)),
});

/** What a request does when the limiter cannot be reached: refuse it (`closed`) or admit it and flag it (`open`). */
export const failModes = ["closed", "open"] as const;
export type FailMode = (typeof failModes)[number];

/** A tenant's policy: in config (`tenants`) as code, or in KV under `tenant:<id>`, which wins. */
export const tenantPolicySchema = z.object({
  limits: z.optional(limitsSchema),
  failMode: z._default(z.enum(failModes), "closed"),
  audit: z._default(tenantAuditSchema, defaultTenantAudit),
  /** Who may call what (models, providers, jurisdiction, data policies, max_tokens ceiling, tools). */
  access: z._default(accessPolicySchema, {}),
  guardrails: z._default(guardrailPolicySchema, defaultGuardrailPolicy),
});

export type RateLimits = z.infer<typeof rateLimitsSchema>;
export type Limits = z.infer<typeof limitsSchema>;
export type TenantPolicy = z.infer<typeof tenantPolicySchema>;
