import type { MiddlewareHandler } from "hono";
import { GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";
import { addPhase } from "../observability/request-record";
import type { Role } from "../schemas/key-record";
import { findKeyRecord } from "../state/key-store";
import { apiKeyPrefix, hashApiKey } from "./api-key";

const bearer = /^Bearer +(\S+) *$/i;

/** The key from `Authorization: Bearer` (OpenAI's clients) or `x-api-key` (Anthropic's). */
function presentedKey(authorization: string | undefined, xApiKey: string | undefined): string | undefined {
  const bearerKey = bearer.exec(authorization ?? "")?.[1];
  return bearerKey ?? xApiKey?.trim();
}

/**
 * Establishes the principal from `Authorization: Bearer sk-sb-...` (or `x-api-key`) and checks its role. Missing,
 * unknown and revoked keys get the same answer, so the answer reveals nothing about which it was.
 */
export function authenticate(options: { readonly roles: readonly Role[] }): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const startedAt = performance.now();
    const key = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
    if (!key?.startsWith(apiKeyPrefix)) throw new GatewayError({ kind: "unauthenticated" });

    const ttlMs = c.var.config.settings.keyCacheTtlSeconds * 1000;
    const record = await findKeyRecord(c.env.KEYS, await hashApiKey(key), ttlMs);
    addPhase(c.var.record, "auth", startedAt);
    if (!record || isRevoked(record.revokedAt)) throw new GatewayError({ kind: "unauthenticated" });

    c.set("principal", {
      tenantId: record.tenantId,
      keyId: record.keyId,
      role: record.role,
      jurisdiction: record.jurisdiction ?? null,
      requiredDataPolicies: record.requiredDataPolicies ?? [],
      allowProviderOverride: record.allowProviderOverride === true,
      limits: record.limits,
    });
    c.var.record.tenantId = record.tenantId;
    c.var.record.keyId = record.keyId;
    c.var.record.role = record.role;
    if (!options.roles.includes(record.role)) throw new GatewayError({ kind: "forbidden_role", role: record.role });
    await next();
  };
}

/** A revocation may be scheduled (a rotation's grace period), so it counts from its time on. */
function isRevoked(revokedAt: string | null | undefined): boolean {
  if (!revokedAt) return false;
  const at = Date.parse(revokedAt);
  return Number.isNaN(at) || at <= Date.now();
}
