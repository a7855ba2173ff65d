import * as z from "zod/mini";
import { accessPolicySchema, dataPolicies, jurisdictionSchema } from "./access-policy";
import { keyRecordSchema } from "./key-record";
import { limitsSchema } from "./limits";

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

/**
 * `PATCH /v1/admin/keys/{keyId}`: the settings named are replaced, `null` clears one, the others stay.
 * A key's tenant and role never change (mint a new key), nor its id, creation or revocation.
 */
export const updateKeyRequestSchema = z.strictObject({
  name: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  jurisdiction: z.optional(z.nullable(jurisdictionSchema)),
  allowProviderOverride: z.optional(z.nullable(z.boolean())),
  requiredDataPolicies: z.optional(z.nullable(z.array(z.enum(dataPolicies)))),
  limits: z.optional(z.nullable(limitsSchema)),
  access: z.optional(z.nullable(accessPolicySchema)),
});

export type UpdateKeyRequest = z.infer<typeof updateKeyRequestSchema>;
