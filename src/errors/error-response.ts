import { anthropicErrorResponse } from "../ingress/anthropic/errors";
import type { ErrorReason } from "./gateway-error";
import { toPublicError } from "./openai-error";

/** The API dialects a failure can be written in: the ingress format the client spoke. */
export type ErrorFormat = "openai" | "anthropic";

/** The HTTP response for a failure, in the error shape of the API the client called. */
export function errorResponse(reason: ErrorReason, format: ErrorFormat = "openai"): Response {
  const error = toPublicError(reason);
  switch (format) {
    case "openai":
      return new Response(JSON.stringify(error.body), {
        status: error.status,
        headers: { "content-type": "application/json", ...error.headers },
      });
    case "anthropic":
      return anthropicErrorResponse(error);
  }
}
