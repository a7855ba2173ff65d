/**
 * Excessive agency: tool calls in an answer (whole or streamed) checked against the tools allowed,
 * by name. A policy either flags a call to another tool (the answer goes out, the verdict records it)
 * or blocks it: a whole answer is replaced by an error, a stream is ended by `toolCallBlockedEvent`.
 */
import type { GuardrailVerdict } from "../../audit/exchange";
import { arrayOf, indexOf, isJsonObject, type JsonObject } from "./chat-fields";

export const toolCallGuardrail = "output.tool_calls";

export interface ToolCallPolicy {
  /** The names of the tools the answer may call; usually the request's own `tools` (see declaredToolNames). */
  readonly allowedTools: readonly string[];
  readonly action: "flag" | "block";
}

export interface ToolCallFinding {
  readonly choiceIndex: number;
  readonly toolName: string;
}

/** The function names a request declares in `tools` (and in the deprecated `functions`). */
export function declaredToolNames(request: unknown): string[] {
  if (!isJsonObject(request)) return [];
  const tools = arrayOf(request.tools).map((tool) => (isJsonObject(tool) ? tool.function : undefined));
  return functionNames([...tools, ...arrayOf(request.functions)]);
}

/**
 * The calls to tools not in `allowedTools` in a chat completion (`choices[].message`) or a stream
 * chunk (`choices[].delta`): `tool_calls[].function.name` and the deprecated `function_call.name`.
 * A streamed call names its tool in its first fragment only, so checking each chunk sees each call once.
 */
export function findDisallowedToolCalls(completionOrChunk: unknown, allowedTools: readonly string[]): ToolCallFinding[] {
  if (!isJsonObject(completionOrChunk)) return [];
  const allowed = new Set(allowedTools);
  return arrayOf(completionOrChunk.choices).flatMap((choice, position) => {
    if (!isJsonObject(choice)) return [];
    const choiceIndex = indexOf(choice, position);
    return calledToolNames(choice)
      .filter((toolName) => !allowed.has(toolName))
      .map((toolName) => ({ choiceIndex, toolName }));
  });
}

function calledToolNames(choice: JsonObject): string[] {
  const turn = isJsonObject(choice.message) ? choice.message : choice.delta;
  if (!isJsonObject(turn)) return [];
  return functionNames([...arrayOf(turn.tool_calls).map((call) => (isJsonObject(call) ? call.function : undefined)), turn.function_call]);
}

function functionNames(functions: readonly unknown[]): string[] {
  return functions.flatMap((fn) => (isJsonObject(fn) && typeof fn.name === "string" ? [fn.name] : []));
}

/** `allowed` without findings; otherwise `flagged` or `blocked` as the policy says, naming the tools. */
export function toolCallVerdict(findings: readonly ToolCallFinding[], action: ToolCallPolicy["action"]): GuardrailVerdict {
  if (findings.length === 0) return { guardrail: toolCallGuardrail, verdict: "allowed", detail: null };
  return { guardrail: toolCallGuardrail, verdict: action === "block" ? "blocked" : "flagged", detail: describeFindings(findings) };
}

function describeFindings(findings: readonly ToolCallFinding[]): string {
  const names = [...new Set(findings.map((finding) => finding.toolName))];
  return `tools not allowed: ${names.join(", ")}`;
}

/** What a client is told of a blocked answer: the tools' names, never the calls' arguments. */
export function toolCallBlockedMessage(findings: readonly ToolCallFinding[]): string {
  return `The response was blocked: it called ${describeFindings(findings)}.`;
}

/** The OpenAI-style error a blocked answer becomes: the body of a whole answer's error response. */
export function toolCallBlockedError(findings: readonly ToolCallFinding[]): { error: JsonObject } {
  return {
    error: {
      message: toolCallBlockedMessage(findings),
      type: "guardrail_error",
      param: null,
      code: "tool_call_blocked",
    },
  };
}

/** The SSE event that ends a blocked stream: `data: {"error":{...}}`, which the OpenAI SDKs raise as an APIError. */
export function toolCallBlockedEvent(findings: readonly ToolCallFinding[]): string {
  return `data: ${JSON.stringify(toolCallBlockedError(findings))}\n\n`;
}
