import type { ServerResponse } from "node:http";
import { sendJson } from "./http-io";
import type { JsonObject } from "./json";

/** Every error body carries this so gateway tests can assert upstream bodies never leak to clients. */
export const UPSTREAM_CANARY = "SIM-UPSTREAM-CANARY";

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface SimError {
  status: number;
  /** The provider-shaped error body (OpenAI's unless a format module builds another). */
  body: OpenAIErrorBody | JsonObject;
  headers?: Record<string, string>;
}

/** How one wire format answers a `status=<code>` directive or a drawn failure. */
export interface ErrorDialect {
  forStatus(status: number, retryAfterSeconds?: number): SimError;
}

export const openAIDialect: ErrorDialect = { forStatus: (status, retryAfterSeconds) => errorForStatus(status, retryAfterSeconds) };

export function simError(
  status: number,
  message: string,
  fields: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
): SimError {
  const error: SimError = { status, body: openAIErrorBody(message, fields) };
  if (fields.headers !== undefined) error.headers = fields.headers;
  return error;
}

function openAIErrorBody(message: string, fields: { type?: string; param?: string | null; code?: string | null }): OpenAIErrorBody {
  return {
    error: {
      message: `${message} (${UPSTREAM_CANARY})`,
      type: fields.type ?? "invalid_request_error",
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  };
}

export function sendError(res: ServerResponse, error: SimError): void {
  sendJson(res, error.status, error.body, error.headers);
}

export function invalidApiKey(): SimError {
  return simError(
    401,
    "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
    { code: "invalid_api_key" },
  );
}

export function invalidUrl(method: string, path: string): SimError {
  return simError(404, `Invalid URL (${method} ${path})`);
}

export function modelNotFound(model: string): SimError {
  return simError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
    code: "model_not_found",
  });
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): SimError {
  return simError(400, message, { param, code });
}

/** The error a `status=<code>` directive (or a flaky provider) answers with, shaped like OpenAI's. */
export function errorForStatus(status: number, retryAfterSeconds?: number): SimError {
  if (status === 429) {
    return simError(429, "Rate limit reached for requests. Please try again later.", {
      type: "requests",
      code: "rate_limit_exceeded",
      headers: { "retry-after": String(retryAfterSeconds ?? 1) },
    });
  }
  if (status === 400) return badRequest("Simulated invalid request.", "messages", "invalid_value");
  if (status === 401) return invalidApiKey();
  if (status >= 500) {
    return simError(status, "The server had an error while processing your request. Sorry about that!", {
      type: "server_error",
    });
  }
  return simError(status, `Simulated upstream error with status ${status}.`);
}

export function invalidJson(): SimError {
  return badRequest(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
  );
}

/** The `data:` payload OpenAI sends when a stream fails after it started (`stream_error=<n>`). */
export function openAIStreamError(): OpenAIErrorBody {
  return openAIErrorBody("The server had an error while processing your request. Sorry about that!", { type: "server_error" });
}
