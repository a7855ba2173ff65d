import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import type { ChatCompletionRequest } from "../../schemas/openai/chat";
import { admitModel } from "./admit-model";
import { isAllowed } from "./effective-access";

type DeclaredTool = NonNullable<ChatCompletionRequest["tools"]>[number];

function toolName(tool: DeclaredTool): string {
  return tool.type === "function" ? tool.function.name : tool.custom.name;
}

/** Refuses (403) a request declaring a tool off the allow-list, naming every such tool. */
export function refuseToolsNotAllowed(request: ChatCompletionRequest, allowed: readonly string[] | null): void {
  const refused = [...new Set((request.tools ?? []).map(toolName).filter((name) => !isAllowed(allowed, name)))];
  if (refused.length > 0) throw new GatewayError({ kind: "tool_not_allowed", tools: refused });
}

/**
 * The request with its output tokens held to `ceiling`: a larger `max_tokens` or
 * `max_completion_tokens` is lowered to it, and a request setting neither gets `max_tokens` set to it.
 */
export function clampMaxTokens(request: ChatCompletionRequest, ceiling: number | null): ChatCompletionRequest {
  if (ceiling === null) return request;
  const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = request;
  if (maxTokens == null && maxCompletionTokens == null) return { ...request, max_tokens: ceiling };
  return {
    ...request,
    ...(maxTokens == null ? {} : { max_tokens: Math.min(maxTokens, ceiling) }),
    ...(maxCompletionTokens == null ? {} : { max_completion_tokens: Math.min(maxCompletionTokens, ceiling) }),
  };
}

/**
 * A chat request as the caller's access lets it go upstream: refused when its model or a declared
 * tool is not allowed, its output tokens clamped to the ceiling (so the limits' estimate is too).
 */
export async function chatRequestWithinAccess(c: Context<AppEnv>, request: ChatCompletionRequest): Promise<ChatCompletionRequest> {
  const access = await admitModel(c, request.model);
  refuseToolsNotAllowed(request, access.tools);
  return clampMaxTokens(request, access.maxTokens);
}
