import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../../config/load-config";
import type { AppEnv } from "../context";

/** Makes the isolate's compiled config available to the routes (validated once, then from memory). */
export function withConfig(): MiddlewareHandler<AppEnv> {
  return async function withConfigMiddleware(c, next) {
    c.set("config", loadConfig(c.env));
    await next();
  };
}
