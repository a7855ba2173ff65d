import type { Context } from "hono";
import type { ModelRoute } from "../../config/runtime-config";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";

// OpenAI reports when a model was created; public model names have no such date, so a fixed one
// keeps the answer stable across isolates and deploys.
const created = 1_700_000_000;

function modelObject(route: ModelRoute): { id: string; object: "model"; created: number; owned_by: string } {
  return { id: route.name, object: "model", created, owned_by: route.ownedBy };
}

/** `GET /v1/models`: the public model names this gateway serves. */
export function listModels(c: Context<AppEnv>): Response {
  return c.json({ object: "list", data: [...c.var.config.models.values()].map(modelObject) });
}

/** `GET /v1/models/{model}`. */
export function retrieveModel(c: Context<AppEnv>): Response {
  const name = c.req.param("model") ?? "";
  const route = c.var.config.models.get(name);
  if (!route) throw new GatewayError({ kind: "model_not_found", model: name });
  return c.json(modelObject(route));
}
