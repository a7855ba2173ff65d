import type { MiddlewareHandler } from "hono";
import { effectiveConfig } from "../../config/effective-config";
import { loadBaseConfig } from "../../config/load-config";
import { controlStateInForce } from "../../governance/kill-switches/control-store";
import { addPhase } from "../../observability/request-record";
import type { AppEnv } from "../context";

/**
 * Makes the config in force available to the routes: the isolate's base config with the admin
 * override merged in, each compiled once and then served from memory. The override comes with the
 * kill switches from the isolate's copy of the Control object (one read per TTL for both).
 */
export function withConfig(): MiddlewareHandler<AppEnv> {
  return async function withConfigMiddleware(c, next) {
    const startedAt = performance.now();
    const base = loadBaseConfig(c.env);
    const keepAlive = (work: Promise<unknown>): void => c.executionCtx.waitUntil(work);
    const control = await controlStateInForce(c.env, base.config.governance.controlCacheTtlSeconds * 1000, keepAlive);
    const config = effectiveConfig(base, control.override).config;
    c.set("controlState", control);
    c.set("config", config);
    c.var.record.currency = config.settings.currency;
    addPhase(c.var.record, "policy", startedAt);
    await next();
  };
}
