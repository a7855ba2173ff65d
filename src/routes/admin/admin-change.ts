import type { Context } from "hono";
import type { AppEnv } from "../../http/context";

export type AdminAction = "key.create" | "key.rotate" | "key.revoke" | "tenant.policy.put";

/** What a change touched: ids and versions only, never a key or its hash. */
export type AdminTarget = Readonly<Record<string, string | number | null>>;

/**
 * One `admin_change` log line per change, naming the actor. The request's audit record (method, path,
 * body, actor key) is written as for every request; this line makes changes easy to find in the logs.
 */
export function logAdminChange(c: Context<AppEnv>, action: AdminAction, target: AdminTarget): void {
  const { principal } = c.var;
  console.log(
    JSON.stringify({
      level: "info",
      event: "admin_change",
      requestId: c.var.requestId,
      actorKeyId: principal.keyId,
      actorTenantId: principal.tenantId,
      action,
      target,
    }),
  );
}
