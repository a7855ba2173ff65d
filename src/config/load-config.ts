import bundledConfig from "../../config/switchboard.json";
import { GatewayError } from "../errors/gateway-error";
import { compileConfig, type RuntimeConfig } from "./runtime-config";
import { validateConfig, validateConfigText } from "./validate";

let cached: { readonly source: string | null; readonly config: RuntimeConfig } | null = null;

/**
 * The gateway config for this isolate: the `SWITCHBOARD_CONFIG` variable (JSON) when set, else the
 * bundled `config/switchboard.json`. Validated and compiled once, then served from memory.
 */
export function loadConfig(env: { readonly SWITCHBOARD_CONFIG?: string }): RuntimeConfig {
  // An empty variable counts as unset, so `SWITCHBOARD_CONFIG = ""` in wrangler.toml is harmless.
  const source = env.SWITCHBOARD_CONFIG ? env.SWITCHBOARD_CONFIG : null;
  if (cached && cached.source === source) return cached.config;
  const validation = source === null ? validateConfig(bundledConfig) : validateConfigText(source);
  if (!validation.ok) {
    throw new GatewayError({ kind: "config_invalid", detail: validation.problems.join("; ") });
  }
  cached = { source, config: compileConfig(validation.config) };
  return cached.config;
}
