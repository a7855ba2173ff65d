import * as z from "zod/mini";
import { limitsSchema } from "./limits";

export const roles = ["app", "auditor", "admin"] as const;

/** What a provider promises about the data it is sent; a key or tenant can require them. */
export const dataPolicies = ["no-training", "zero-retention"] as const;
export type DataPolicy = (typeof dataPolicies)[number];
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
  jurisdiction: z.optional(z.nullable(z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/)))),
  /** Whether requests may pin the provider with `x-switchboard-provider` (sticky override). */
  allowProviderOverride: z.optional(z.boolean()),
  /** Data policies every target serving this key must have. */
  requiredDataPolicies: z.optional(z.array(z.enum(dataPolicies))),
  /** This key's own limits, applied on top of its tenant's (docs/limits.md). */
  limits: z.optional(limitsSchema),
});

export type KeyRecord = z.infer<typeof keyRecordSchema>;
