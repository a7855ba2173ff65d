import type { ErrorReason } from "../../errors/gateway-error";
import { errorObject, openAIStyleFailure } from "../shared/openai-failure";

/**
 * Azure answers in OpenAI's error shape, with two differences that matter: a prompt its content
 * filter blocks is a 400 with code `content_filter`, and 429s may say when to retry in milliseconds.
 */
export function azureFailure(status: number, headers: Headers, upstreamBody: string): ErrorReason {
  if (status === 400 && errorObject(upstreamBody)?.code === "content_filter") return { kind: "content_filtered" };
  if (status === 429 && !headers.has("retry-after")) {
    const milliseconds = Number(headers.get("retry-after-ms"));
    if (Number.isFinite(milliseconds) && milliseconds > 0) {
      return { kind: "upstream_rate_limited", retryAfterSeconds: Math.ceil(milliseconds / 1000) };
    }
  }
  return openAIStyleFailure(status, headers, upstreamBody);
}
