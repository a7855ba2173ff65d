import { badRequest, simError, UPSTREAM_CANARY, type ErrorDialect, type SimError } from "../errors";
import type { JsonObject } from "../json";

/** Azure's own errors (from its gateway, not the model backend) are `{"error":{"code","message"}}`. */
export function azureError(status: number, code: string, message: string, headers?: Record<string, string>): SimError {
  const error: SimError = { status, body: { error: { code, message: `${message} (${UPSTREAM_CANARY})` } } };
  if (headers !== undefined) error.headers = headers;
  return error;
}

export function accessDenied(): SimError {
  return azureError(
    401,
    "401",
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  );
}

/** What Azure answers for an unknown path, and for a request without `?api-version=`. */
export function resourceNotFound(): SimError {
  return azureError(404, "404", "Resource not found");
}

export function apiVersionNotSupported(): SimError {
  return azureError(400, "BadRequest", "API version not supported");
}

export function deploymentNotFound(): SimError {
  return azureError(
    404,
    "DeploymentNotFound",
    "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
  );
}

export function operationNotSupported(operation: string, deployment: string): SimError {
  return azureError(
    400,
    "OperationNotSupported",
    `The ${operation} operation does not work with the specified model, ${deployment}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
  );
}

/** The 400 Azure answers when its content filter blocks a prompt (`content_filter` directive). */
export function contentFilterError(): SimError {
  const safe = { filtered: false, severity: "safe" };
  const body: JsonObject = {
    error: {
      message: `The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766 (${UPSTREAM_CANARY})`,
      type: null,
      param: "prompt",
      code: "content_filter",
      status: 400,
      innererror: {
        code: "ResponsibleAIPolicyViolation",
        content_filter_result: {
          hate: { filtered: true, severity: "high" },
          jailbreak: { filtered: false, detected: false },
          self_harm: safe,
          sexual: safe,
          violence: safe,
        },
      },
    },
  };
  return { status: 400, body };
}

/** `operation` is Azure's operation id (ChatCompletions_Create, Embeddings_Create), quoted in 429 messages. */
export function azureDialect(operation: string, apiVersion: string): ErrorDialect {
  return {
    forStatus(status, retryAfterSeconds) {
      if (status === 429) {
        const seconds = Math.max(Math.ceil(retryAfterSeconds ?? 1), 0);
        return azureError(
          429,
          "429",
          `Requests to the ${operation} Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
          { "retry-after": String(retryAfterSeconds ?? 1), "retry-after-ms": String(Math.round((retryAfterSeconds ?? 1) * 1000)) },
        );
      }
      if (status === 400) return badRequest("Simulated invalid request.", "messages", "invalid_value");
      if (status === 401) return accessDenied();
      if (status === 404) return deploymentNotFound();
      if (status === 500) {
        return simError(
          500,
          "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error.",
          { type: "server_error" },
        );
      }
      if (status >= 500) return azureError(status, "ServiceUnavailable", "The service is temporarily unable to process your request. Please try again later.");
      return azureError(status, String(status), `Simulated upstream error with status ${status}.`);
    },
  };
}
