import { readFile } from "node:fs/promises";
import { validateConfigText } from "../../src/config/validate";

export type ConfigFileResult =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly problems: readonly string[] };

const placeholder = /\$\{([A-Z][A-Z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` placeholders (only those the launcher defines, such as SIMULATOR_ORIGIN) so a
 * dev config can point at a simulator whose port is chosen at start-up. Unknown names are errors.
 */
export function resolvePlaceholders(text: string, values: Readonly<Record<string, string>>): ConfigFileResult {
  const unknown = new Set<string>();
  const resolved = text.replace(placeholder, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) unknown.add(name);
    return value ?? whole;
  });
  if (unknown.size > 0) {
    const known = Object.keys(values).join(", ") || "none";
    return { ok: false, problems: [...unknown].map((name) => `(text): uses \${${name}}, which is not defined (defined: ${known})`) };
  }
  return { ok: true, json: resolved };
}

/** Reads, resolves and validates a config file; the JSON returned is what the Worker receives. */
export type LoadedConfigFile =
  | { readonly ok: true; readonly json: string; readonly modelNames: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

export async function loadConfigFile(path: string, values: Readonly<Record<string, string>>): Promise<LoadedConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, problems: [`cannot read the file: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const resolved = resolvePlaceholders(text, values);
  if (!resolved.ok) return resolved;
  const validation = validateConfigText(resolved.json);
  if (!validation.ok) return { ok: false, problems: validation.problems };
  return { ok: true, json: JSON.stringify(JSON.parse(resolved.json)), modelNames: Object.keys(validation.config.models) };
}

export function describeConfigProblems(path: string, problems: readonly string[]): string {
  return [`Invalid Switchboard config ${path}:`, ...problems.map((problem) => `  - ${problem}`)].join("\n");
}
