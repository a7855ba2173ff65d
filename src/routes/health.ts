import type { Context } from "hono";
import { loadConfig } from "../config/load-config";
import { GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";

/**
 * `GET /healthz`, unauthenticated: 200 when the isolate can serve (its config is valid), 503 when
 * not. `service` lets a launcher tell this gateway from whatever else holds the port.
 */
export function health(c: Context<AppEnv>): Response {
  try {
    const config = loadConfig(c.env);
    return c.json({ status: "ok", service: "switchboard", models: config.models.size });
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return c.json({ status: "unavailable", service: "switchboard", reason: error.reason.kind }, 503);
  }
}
