import type { Context } from "hono";
import { effectiveAccess } from "../governance/access/request-access";
import type { AppEnv } from "../http/context";
import { guardrailPolicyOf } from "./guardrail-policy-of";
import type { ToolCallPolicy } from "./output/tool-calls";

/** What the output guardrails do to this request's answer; `null` parts do not run. */
export interface OutputGuards {
  readonly redaction: { readonly windowChars: number } | null;
  readonly toolCalls: ToolCallPolicy | null;
}

/**
 * The output guardrails that apply to the caller, or null when none does, so that the default path
 * (no redaction, no tool restriction) parses and transforms nothing.
 */
export async function outputGuardsOf(c: Context<AppEnv>): Promise<OutputGuards | null> {
  const { output } = await guardrailPolicyOf(c);
  const allowedTools = output.toolCalls === "off" ? null : (await effectiveAccess(c)).tools;
  const guards: OutputGuards = {
    redaction: output.redact ? { windowChars: output.windowChars } : null,
    toolCalls: allowedTools === null || output.toolCalls === "off" ? null : { allowedTools, action: output.toolCalls },
  };
  return guards.redaction === null && guards.toolCalls === null ? null : guards;
}
