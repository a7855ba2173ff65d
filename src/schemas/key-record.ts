import * as z from "zod/mini";
import { accessPolicySchema, dataPolicies, jurisdictionSchema } from "./access-policy";
import { limitsSchema } from "./limits";

export const roles = ["app", "auditor", "admin"] as const;

export { type DataPolicy, dataPolicies } from "./access-policy";
export type Role = (typeof roles)[number];

/** The KV value under `key:<sha256 of the key>`. The key itself is never stored. */
export const keyRecordSchema = z.object({
  keyId: z.string().check(z.minLength(1)),
  tenantId: z.string().check(z.minLength(1)),
  role: z.enum(roles),
  name: z.optional(z.string()),
  createdAt: z.string(),
  revokedAt: z.optional(z.nullable(z.string())),
  /** Only targets in this jurisdiction (e.g. `eu`) may serve this key; none outside it, ever. */
  jurisdiction: z.optional(z.nullable(jurisdictionSchema)),
  /** Whether requests may pin the provider with `x-switchboard-provider` (sticky override). */
  allowProviderOverride: z.optional(z.boolean()),
  /** Data policies every target serving this key must have. */
  requiredDataPolicies: z.optional(z.array(z.enum(dataPolicies))),
  /** This key's own limits, applied on top of its tenant's (docs/limits.md). */
  limits: z.optional(limitsSchema),
  /** Narrows its tenant's `access` (models, providers, tools, max_tokens); it can never widen it. */
  access: z.optional(accessPolicySchema),
});

export type KeyRecord = z.infer<typeof keyRecordSchema>;
