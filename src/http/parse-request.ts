import { GatewayError } from "../errors/gateway-error";
import type * as z from "zod/mini";
import { firstIssue } from "../schemas/zod-issues";

/** Validates a parsed body; a failure is a 400 naming the first offending parameter. */
export function parseRequest<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError({ kind: "invalid_request", message: "The request body must be a JSON object.", param: null });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = firstIssue(result.error);
  const param = issue.path === "" ? null : issue.path;
  const message =
    param === null
      ? issue.message
      : issue.missing
        ? `Missing required parameter: '${param}'.`
        : `Invalid '${param}': ${lowerFirst(issue.message)}`;
  throw new GatewayError({ kind: "invalid_request", message, param });
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
