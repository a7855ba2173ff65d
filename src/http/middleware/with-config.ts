import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../../config/load-config";
import { addPhase } from "../../observability/request-record";
import type { AppEnv } from "../context";

/** Makes the isolate's compiled config available to the routes (validated once, then from memory). */
export function withConfig(): MiddlewareHandler<AppEnv> {
  return async function withConfigMiddleware(c, next) {
    const startedAt = performance.now();
    const config = loadConfig(c.env);
    c.set("config", config);
    c.var.record.currency = config.settings.currency;
    addPhase(c.var.record, "policy", startedAt);
    await next();
  };
}
