import * as z from "zod/mini";
import { keyRecordSchema } from "./key-record";

/** A tenant id as the admin API accepts it: the config's `tenants` names allow the same. */
export const tenantIdSchema = z.string().check(z.minLength(1), z.maxLength(128));

const { role, jurisdiction, allowProviderOverride, requiredDataPolicies, limits, access } = keyRecordSchema.shape;

/**
 * `POST /v1/admin/keys`: the key record's own fields, minus those the gateway assigns (`keyId`,
 * `createdAt`, `revokedAt`). Strict, so a misspelt field is refused rather than silently dropped.
 */
export const createKeyRequestSchema = z.strictObject({
  tenantId: tenantIdSchema,
  role,
  name: z.optional(z.string().check(z.maxLength(200))),
  jurisdiction,
  allowProviderOverride,
  requiredDataPolicies,
  limits,
  access,
});

/** The longest a rotation may leave the old key working: 30 days. */
const maxGraceSeconds = 30 * 24 * 3600;
export const defaultGraceSeconds = 3600;

/** `POST /v1/admin/keys/{keyId}/rotate`: how long the old key keeps working (the body is optional). */
export const rotateKeyRequestSchema = z.strictObject({
  graceSeconds: z._default(
    z.number("must be a number").check(z.minimum(0, "must be at least 0"), z.maximum(maxGraceSeconds, `must be at most ${maxGraceSeconds}`)),
    defaultGraceSeconds,
  ),
});

export type CreateKeyRequest = z.infer<typeof createKeyRequestSchema>;
