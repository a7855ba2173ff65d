import type { Context } from "hono";
import type { AppEnv } from "../../http/context";

export type AdminAction = "key.create" | "key.update" | "key.rotate" | "key.revoke" | "tenant.policy.put" | "tenant.policy.delete" | "config.override.put" | "config.override.delete";

/** What a change touched: ids and versions only, never a key or its hash. */
export type AdminTarget = Readonly<Record<string, string | number | null>>;

/**
 * One `admin_change` log line per change, naming the actor, and the same action and target in the
 * request's audit record (`adminChange`), whose tenant and key are the actor's.
 */
export function logAdminChange(c: Context<AppEnv>, action: AdminAction, target: AdminTarget): void {
  const { principal } = c.var;
  c.var.record.adminChange = { action, target };
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
