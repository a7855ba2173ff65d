import type { Context } from "hono";
import type * as z from "zod/mini";
import { addPhase } from "../observability/request-record";
import type { AppEnv } from "./context";
import { parseRequest } from "./parse-request";
import { readJsonBody } from "./read-json-body";

/** Reads the body within the configured size limit and validates it: the `parse` phase. */
export async function readRequest<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const startedAt = performance.now();
  const request = parseRequest(schema, await readJsonBody(c.req.raw, c.var.config.settings.maxBodyBytes));
  addPhase(c.var.record, "parse", startedAt);
  return request;
}
