import bundledConfig from "../../config/switchboard.json";
import { GatewayError } from "../errors/gateway-error";
import { compileConfig, type RuntimeConfig } from "./runtime-config";
import type { GatewayConfig, GatewayConfigInput } from "./schema";
import { validateConfig, validateConfigText } from "./validate";

/** The deployed config: the layer admin overrides are merged into (`effective-config.ts`). */
export interface BaseConfig {
  /** `bundled` (`config/switchboard.json`) or `variable` (`SWITCHBOARD_CONFIG`). */
  readonly source: "bundled" | "variable";
  /** As written, before defaults: what an override is merged into and validated with. */
  readonly input: GatewayConfigInput;
  /** As validated, with every default filled in. */
  readonly validated: GatewayConfig;
  readonly config: RuntimeConfig;
}

let cached: { readonly text: string | null; readonly base: BaseConfig } | null = null;

/**
 * The base config for this isolate: the `SWITCHBOARD_CONFIG` variable (JSON) when set, else the
 * bundled `config/switchboard.json`. Validated and compiled once, then served from memory.
 */
export function loadBaseConfig(env: { readonly SWITCHBOARD_CONFIG?: string }): BaseConfig {
  // An empty variable counts as unset, so `SWITCHBOARD_CONFIG = ""` in wrangler.toml is harmless.
  const text = env.SWITCHBOARD_CONFIG ? env.SWITCHBOARD_CONFIG : null;
  if (cached && cached.text === text) return cached.base;
  const validation = text === null ? validateConfig(bundledConfig) : validateConfigText(text);
  if (!validation.ok) {
    throw new GatewayError({ kind: "config_invalid", detail: validation.problems.join("; ") });
  }
  // The schema accepted it, so it has the shape of the schema's input.
  const input = (text === null ? bundledConfig : JSON.parse(text)) as GatewayConfigInput;
  const base: BaseConfig = { source: text === null ? "bundled" : "variable", input, validated: validation.config, config: compileConfig(validation.config) };
  cached = { text, base };
  return base;
}

/** The base config compiled, without admin overrides: for work outside a request (the retention sweep, `/healthz`). */
export function loadConfig(env: { readonly SWITCHBOARD_CONFIG?: string }): RuntimeConfig {
  return loadBaseConfig(env).config;
}
