import { Hono } from "hono";
import { except } from "hono/combine";
import { errorResponse } from "./errors/error-response";
import { type ErrorReason, GatewayError } from "./errors/gateway-error";
import { authenticate } from "./governance/authenticate";
import type { AppEnv } from "./http/context";
import { requestContext } from "./http/middleware/request-context";
import { withConfig } from "./http/middleware/with-config";
import { openApiJson } from "./openapi/serve-openapi";
import { adminHealth } from "./routes/admin/health";
import { deleteConfigOverrideRoute, getConfigRoute, putConfigOverrideRoute } from "./routes/admin/config-overrides";
import { createKeyRoute, listKeysRoute, revokeKeyRoute, rotateKeyRoute, updateKeyRoute } from "./routes/admin/keys";
import { deleteKillSwitch, listKillSwitches, putKillSwitch } from "./routes/admin/kill-switches";
import { deleteTenantPolicyRoute, getTenantPolicyRoute, listTenantsRoute, putTenantPolicyRoute } from "./routes/admin/tenants";
import { exportAudit } from "./routes/audit/export";
import { verifyAudit } from "./routes/audit/verify";
import { health } from "./routes/health";
import { metrics } from "./routes/metrics";
import { chatCompletions } from "./routes/v1/chat-completions";
import { embeddings } from "./routes/v1/embeddings";
import { messages } from "./routes/v1/messages";
import { listModels, retrieveModel } from "./routes/v1/models";
import { deleteSession, getSession } from "./routes/v1/sessions";

/** Builds the gateway: middleware order, routes, and the one error handler. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", requestContext());
  app.get("/healthz", health);
  app.get("/openapi.json", openApiJson);
  app.get("/metrics", withConfig(), authenticate({ roles: ["admin"] }), metrics);

  // Before authentication, so that even a missing key is answered in Anthropic's error shape.
  app.use("/v1/messages", async function anthropicErrors(c, next) {
    c.set("errorFormat", "anthropic");
    await next();
  });
  // The audit trail is for auditors and admins, the admin API for admins; every other /v1 route serves models to apps.
  app.use("/v1/audit/*", withConfig(), authenticate({ roles: ["auditor", "admin"] }));
  // Only admin routes accept the bootstrap credential, so it can never call a model (docs/admin-api.md).
  app.use("/v1/admin/*", withConfig(), authenticate({ roles: ["admin"], acceptBootstrapKey: true }));
  app.use("/v1/*", except(["/v1/audit/*", "/v1/admin/*"], withConfig(), authenticate({ roles: ["app"] })));
  app.get("/v1/audit/export", exportAudit);
  app.get("/v1/audit/verify", verifyAudit);
  app.get("/v1/admin/kill-switches", listKillSwitches);
  app.put("/v1/admin/kill-switches", putKillSwitch);
  app.delete("/v1/admin/kill-switches/:scope/:id", deleteKillSwitch);
  app.get("/v1/admin/config", getConfigRoute);
  app.put("/v1/admin/config/overrides", putConfigOverrideRoute);
  app.delete("/v1/admin/config/overrides", deleteConfigOverrideRoute);
  app.post("/v1/admin/keys", createKeyRoute);
  app.get("/v1/admin/keys", listKeysRoute);
  app.patch("/v1/admin/keys/:keyId", updateKeyRoute);
  app.post("/v1/admin/keys/:keyId/rotate", rotateKeyRoute);
  app.delete("/v1/admin/keys/:keyId", revokeKeyRoute);
  app.get("/v1/admin/tenants", listTenantsRoute);
  app.get("/v1/admin/tenants/:id/policy", getTenantPolicyRoute);
  app.put("/v1/admin/tenants/:id/policy", putTenantPolicyRoute);
  app.delete("/v1/admin/tenants/:id/policy", deleteTenantPolicyRoute);
  app.get("/v1/admin/health", adminHealth);
  app.post("/v1/chat/completions", chatCompletions);
  app.post("/v1/embeddings", embeddings);
  app.post("/v1/messages", messages);
  app.get("/v1/models", listModels);
  app.get("/v1/models/:model{.+}", retrieveModel);
  app.get("/v1/sessions/:id", getSession);
  app.delete("/v1/sessions/:id", deleteSession);

  app.notFound(function unknownRoute(c) {
    return errorResponse({ kind: "route_not_found", method: c.req.method, path: c.req.path });
  });

  app.onError(function gatewayErrorHandler(error, c) {
    const reason: ErrorReason =
      error instanceof GatewayError ? error.reason : { kind: "internal", detail: error.message || error.name };
    c.var.record.errorKind = reason.kind;
    if (reason.kind === "internal" || reason.kind === "config_invalid") {
      console.error(JSON.stringify({ level: "error", event: "gateway_error", requestId: c.var.requestId, reason }));
    }
    return errorResponse(reason, c.var.errorFormat);
  });

  return app;
}
