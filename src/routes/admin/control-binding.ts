import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import type { Control } from "../../state/control";

/** The Control object's namespace; the admin routes that change it cannot work without it. */
export function controlNamespace(c: Context<AppEnv>): DurableObjectNamespace<Control> {
  const namespace = c.env.CONTROL;
  if (!namespace) throw new GatewayError({ kind: "internal", detail: "the CONTROL Durable Object binding is not configured" });
  return namespace;
}

/** How long an isolate may serve the Control object's state from memory. */
export function controlCacheTtlMs(c: Context<AppEnv>): number {
  return c.var.config.governance.controlCacheTtlSeconds * 1000;
}
