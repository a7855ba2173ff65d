import * as z from "zod/mini";
import { formatIssuePath } from "../schemas/zod-issues";
import { type GatewayConfig, gatewayConfigSchema } from "./schema";

/** One reason a config is refused: the field (`providers.eu.baseUrl`, empty for the root) and why. */
export interface ConfigIssue {
  readonly field: string;
  readonly message: string;
}

export type ConfigValidation =
  | { readonly ok: true; readonly config: GatewayConfig }
  | { readonly ok: false; readonly problems: readonly string[]; readonly issues: readonly ConfigIssue[] };

/** Validates a parsed config; each problem names the field (`providers.eu.baseUrl`) and why. */
export function validateConfig(input: unknown): ConfigValidation {
  const result = gatewayConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return refused(result.error.issues.map(toIssue));
}

/** A refusal with these issues, each also described as one line. */
export function refused(issues: readonly ConfigIssue[]): ConfigValidation {
  return { ok: false, problems: issues.map(describeIssue), issues };
}

function toIssue(issue: z.core.$ZodIssue): ConfigIssue {
  return { field: formatIssuePath(issue.path), message: issue.message };
}

function describeIssue(issue: ConfigIssue): string {
  return `${issue.field === "" ? "(root)" : issue.field}: ${issue.message}`;
}

/** Parses config JSON text and validates it. */
export function validateConfigText(text: string): ConfigValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refused([{ field: "", message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  return validateConfig(parsed);
}
