import { formatIssuePath } from "../schemas/zod-issues";
import { type ConfigOverride, configOverrideSchema } from "./override-schema";
import type { GatewayConfigInput } from "./schema";
import { type ConfigValidation, refused, validateConfig } from "./validate";

/** The base with the override's targets and models set or removed by name; everything else is the base's. */
export function withOverride(base: GatewayConfigInput, override: ConfigOverride): GatewayConfigInput {
  return {
    ...base,
    targets: merged(base.targets, override.targets, override.removeTargets),
    models: merged(base.models, override.models, override.removeModels),
  };
}

function merged<T>(base: Readonly<Record<string, T>>, set: Readonly<Record<string, T>> | undefined, removed: readonly string[] | undefined): Record<string, T> {
  const result: Record<string, T> = { ...base, ...set };
  for (const name of removed ?? []) delete result[name];
  return result;
}

/**
 * Validates an override (as sent, or as stored) over a base with the very validator of the bundled
 * config, so every cross-reference is checked on the merged whole: a model naming a target that is
 * gone, a target naming an unknown provider.
 */
export function validateOverride(base: GatewayConfigInput, document: unknown): ConfigValidation {
  const parsed = configOverrideSchema.safeParse(document);
  if (!parsed.success) {
    return refused(parsed.error.issues.map((issue) => ({ field: formatIssuePath(issue.path), message: issue.message })));
  }
  return validateConfig(withOverride(base, parsed.data));
}
