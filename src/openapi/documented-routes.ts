/**
 * Every route the gateway serves, in Hono's path syntax, so `src/app.ts` can register from the same
 * list. `operations.ts` must describe each one (the compiler checks), and test/worker/openapi.test.ts
 * checks that the app serves exactly these.
 */
export const documentedRoutes = [
  { method: "GET", path: "/healthz" },
  { method: "GET", path: "/openapi.json" },
  { method: "GET", path: "/metrics" },
  { method: "GET", path: "/v1/audit/export" },
  { method: "GET", path: "/v1/audit/verify" },
  { method: "GET", path: "/v1/admin/kill-switches" },
  { method: "PUT", path: "/v1/admin/kill-switches" },
  { method: "DELETE", path: "/v1/admin/kill-switches/:scope/:id" },
  { method: "GET", path: "/v1/admin/config" },
  { method: "PUT", path: "/v1/admin/config/overrides" },
  { method: "DELETE", path: "/v1/admin/config/overrides" },
  { method: "POST", path: "/v1/admin/keys" },
  { method: "GET", path: "/v1/admin/keys" },
  { method: "PATCH", path: "/v1/admin/keys/:keyId" },
  { method: "POST", path: "/v1/admin/keys/:keyId/rotate" },
  { method: "DELETE", path: "/v1/admin/keys/:keyId" },
  { method: "GET", path: "/v1/admin/tenants" },
  { method: "GET", path: "/v1/admin/tenants/:id/policy" },
  { method: "PUT", path: "/v1/admin/tenants/:id/policy" },
  { method: "DELETE", path: "/v1/admin/tenants/:id/policy" },
  { method: "GET", path: "/v1/admin/health" },
  { method: "POST", path: "/v1/chat/completions" },
  { method: "POST", path: "/v1/embeddings" },
  { method: "POST", path: "/v1/messages" },
  { method: "GET", path: "/v1/models" },
  { method: "GET", path: "/v1/models/:model{.+}" },
  { method: "GET", path: "/v1/sessions/:id" },
  { method: "DELETE", path: "/v1/sessions/:id" },
] as const;

export type DocumentedRoute = (typeof documentedRoutes)[number];

/** `"GET /v1/models"`: one key per route, distributed over the tuple so no method pairs with another's path. */
export type RouteId<Route extends { method: string; path: string } = DocumentedRoute> = Route extends {
  method: infer Method extends string;
  path: infer Path extends string;
}
  ? `${Method} ${Path}`
  : never;

export function routeId<Route extends { method: string; path: string }>(route: Route): RouteId<Route> {
  return `${route.method} ${route.path}` as RouteId<Route>;
}
