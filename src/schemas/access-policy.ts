import * as z from "zod/mini";

/** What a provider promises about the data it is sent; a tenant or a key can require them. */
export const dataPolicies = ["no-training", "zero-retention"] as const;
export type DataPolicy = (typeof dataPolicies)[number];

const name = z.string().check(z.minLength(1), z.maxLength(128));

/** A jurisdiction (e.g. `eu`): only targets in it may serve; none outside it, ever. */
export const jurisdictionSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/));

/**
 * Who may call what: in a tenant's policy, and in a key's record, where it can only narrow its
 * tenant's (docs/governance.md). Every field is optional: absent means no restriction at that level.
 */
export const accessPolicySchema = z.object({
  /** Public model names the caller may use. */
  models: z.optional(z.array(name)),
  /** Providers (config names) that may serve the caller. */
  providers: z.optional(z.array(name)),
  jurisdiction: z.optional(z.nullable(jurisdictionSchema)),
  /** Data policies every serving target must have. */
  requiredDataPolicies: z.optional(z.array(z.enum(dataPolicies))),
  /** The most output tokens a request may ask for; a larger `max_tokens` (or none) is clamped to it. */
  maxTokens: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
  /** Tool (function) names a request may declare and a model may call. */
  tools: z.optional(z.array(name)),
});

export type AccessPolicy = z.infer<typeof accessPolicySchema>;
