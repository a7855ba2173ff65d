import type { ErrorReason } from "./gateway-error";
import { toPublicError } from "./openai-error";

/** The HTTP response for a failure, in OpenAI's error shape. */
export function errorResponse(reason: ErrorReason): Response {
  const error = toPublicError(reason);
  return new Response(JSON.stringify(error.body), {
    status: error.status,
    headers: { "content-type": "application/json", ...error.headers },
  });
}
