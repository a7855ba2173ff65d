import type { StoredOverride } from "./stored-override";
import { validateOverride } from "./apply-override";
import type { BaseConfig } from "./load-config";
import { compileConfig, type RuntimeConfig } from "./runtime-config";
import { type ConfigValidation, refused } from "./validate";

/** Whether the stored override is in force: none stored, applied, or refused by the base it now meets. */
export type OverrideStatus =
  | { readonly state: "none" }
  | { readonly state: "applied" }
  | { readonly state: "not_applied"; readonly problems: readonly string[] };

export interface EffectiveConfig {
  readonly config: RuntimeConfig;
  readonly status: OverrideStatus;
}

let cached: { readonly base: BaseConfig; readonly version: number; readonly effective: EffectiveConfig } | null = null;

/**
 * The config requests are served with: the base with the admin override merged in. Validated and
 * compiled once per (base, override version), then served from memory. An override the base no
 * longer accepts (a deploy removed a provider it names) is logged once and the base is served:
 * a stale override must never take the gateway down.
 */
export function effectiveConfig(base: BaseConfig, override: StoredOverride): EffectiveConfig {
  if (override.document === null) return { config: base.config, status: { state: "none" } };
  if (cached && cached.base === base && cached.version === override.version) return cached.effective;
  const effective = compileOverride(base, override.version, override.document);
  cached = { base, version: override.version, effective };
  return effective;
}

function compileOverride(base: BaseConfig, version: number, document: string): EffectiveConfig {
  const validation = validateStored(base, document);
  if (validation.ok) {
    try {
      return { config: compileConfig(validation.config), status: { state: "applied" } };
    } catch (error) {
      return notApplied(base, version, [`(root): ${error instanceof Error ? error.message : String(error)}`]);
    }
  }
  return notApplied(base, version, validation.problems);
}

function validateStored(base: BaseConfig, document: string): ConfigValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return refused([{ field: "", message: "the stored override is not valid JSON" }]);
  }
  return validateOverride(base.input, parsed);
}

function notApplied(base: BaseConfig, version: number, problems: readonly string[]): EffectiveConfig {
  console.error(JSON.stringify({ level: "error", event: "config_override_not_applied", version, baseSource: base.source, problems }));
  return { config: base.config, status: { state: "not_applied", problems } };
}
