import * as z from "zod/mini";
import { formatIssuePath } from "../schemas/zod-issues";
import { type GatewayConfig, gatewayConfigSchema } from "./schema";

export type ConfigValidation =
  | { readonly ok: true; readonly config: GatewayConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Validates a parsed config; each problem names the field (`providers.eu.baseUrl`) and why. */
export function validateConfig(input: unknown): ConfigValidation {
  const result = gatewayConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = formatIssuePath(issue.path);
  return `${path === "" ? "(root)" : path}: ${issue.message}`;
}

/** Parses config JSON text and validates it. */
export function validateConfigText(text: string): ConfigValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(root): not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  return validateConfig(parsed);
}
