import type { Context } from "hono";
import type * as z from "zod/mini";
import { addPhase } from "../observability/request-record";
import type { AppEnv } from "./context";
import { parseRequest } from "./parse-request";
import { readJsonBody } from "./read-json-body";

/** Reads the body within the configured size limit and validates it: the `parse` phase. */
export async function readRequest<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const startedAt = performance.now();
  const { record } = c.var;
  const body = await readJsonBody(c.req.raw, c.var.config.settings.maxBodyBytes);
  record.exchange.requestBytes = body.bytes;
  record.exchange.requestBody = body.value;
  const request = parseRequest(schema, body.value);
  addPhase(record, "parse", startedAt);
  return request;
}
