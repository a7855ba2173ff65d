import * as z from "zod/mini";

export const roles = ["app", "auditor", "admin"] as const;
export type Role = (typeof roles)[number];

/** The KV value under `key:<sha256 of the key>`. The key itself is never stored. */
export const keyRecordSchema = z.object({
  keyId: z.string().check(z.minLength(1)),
  tenantId: z.string().check(z.minLength(1)),
  role: z.enum(roles),
  name: z.optional(z.string()),
  createdAt: z.string(),
  revokedAt: z.optional(z.nullable(z.string())),
});

export type KeyRecord = z.infer<typeof keyRecordSchema>;
