import type { Context, MiddlewareHandler } from "hono";
import { GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";
import { addPhase } from "../observability/request-record";
import type { Role } from "../schemas/key-record";
import { findKeyRecord } from "../state/key-store";
import { apiKeyPrefix, hashApiKey } from "./api-key";
import { bootstrapAdminPrincipal, isBootstrapAdminKey } from "./bootstrap-admin";
import type { Principal } from "./principal";
import { isRevokedAt } from "./revocation";

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
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const startedAt = performance.now();
    const key = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
    if (key && options.acceptBootstrapKey === true && (await isBootstrapAdminKey(c.env.ADMIN_BOOTSTRAP_KEY, key))) {
      addPhase(c.var.record, "auth", startedAt);
      admit(c, bootstrapAdminPrincipal, options.roles);
      return next();
    }
    if (!key?.startsWith(apiKeyPrefix)) throw new GatewayError({ kind: "unauthenticated" });

    const ttlMs = c.var.config.settings.keyCacheTtlSeconds * 1000;
    const record = await findKeyRecord(c.env.KEYS, await hashApiKey(key), ttlMs);
    addPhase(c.var.record, "auth", startedAt);
    if (!record || isRevokedAt(record.revokedAt, Date.now())) throw new GatewayError({ kind: "unauthenticated" });

    const principal: Principal = {
      tenantId: record.tenantId,
      keyId: record.keyId,
      role: record.role,
      jurisdiction: record.jurisdiction ?? null,
      requiredDataPolicies: record.requiredDataPolicies ?? [],
      allowProviderOverride: record.allowProviderOverride === true,
      limits: record.limits,
      access: record.access,
    };
    admit(c, principal, options.roles);
    await next();
  };
}

export interface AuthenticateOptions {
  readonly roles: readonly Role[];
  /** Whether the bootstrap credential (`ADMIN_BOOTSTRAP_KEY`) is accepted too: on admin routes only, never on model routes. */
  readonly acceptBootstrapKey?: boolean;
}

/** Sets the principal and names it on the request's record (so refusals are attributed too), then checks its role. */
function admit(c: Context<AppEnv>, principal: Principal, roles: readonly Role[]): void {
  c.set("principal", principal);
  const { record } = c.var;
  record.tenantId = principal.tenantId;
  record.keyId = principal.keyId;
  record.role = principal.role;
  if (!roles.includes(principal.role)) throw new GatewayError({ kind: "forbidden_role", role: principal.role });
}
