import { modelNotFound, sendError } from "./errors";
import { sendJson } from "./http-io";
import { runPrelude, type EndpointContext } from "./endpoint-context";
import { emptyDirectives } from "./directives";

// Fixed so responses are byte-for-byte repeatable.
const MODEL_CREATED = 1_700_000_000;

function modelObject(id: string): { id: string; object: "model"; created: number; owned_by: string } {
  return { id, object: "model", created: MODEL_CREATED, owned_by: "switchboard-simulator" };
}

function allModels(ctx: EndpointContext): string[] {
  return [...ctx.provider.chatModels, ...ctx.provider.embeddingModels];
}

/** `GET /<provider>/v1/models` */
export async function handleListModels(ctx: EndpointContext): Promise<void> {
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  sendJson(ctx.res, 200, { object: "list", data: allModels(ctx).map(modelObject) });
}

/** `GET /<provider>/v1/models/<id>` */
export async function handleRetrieveModel(ctx: EndpointContext, id: string): Promise<void> {
  if (!allModels(ctx).includes(id)) return sendError(ctx.res, modelNotFound(id));
  if ((await runPrelude(ctx, emptyDirectives())) === undefined) return;
  sendJson(ctx.res, 200, modelObject(id));
}
