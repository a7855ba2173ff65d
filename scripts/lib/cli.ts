import { join } from "node:path";
import type * as z from "zod/mini";
import type { KvTarget } from "./key-records";

/** Prints the problem and the usage line, and exits with 2 (a usage error). */
export function usageFailure(usage: string): (message: string) => never {
  return (message) => {
    console.error(`${message}\n${usage}`);
    process.exit(2);
  };
}

/** A JSON option validated by a schema; an unparsable or invalid value is a usage error naming each bad field. */
export function jsonOption<T>(text: string, option: string, schema: z.ZodMiniType<T>, example: string, fail: (message: string) => never): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(`${option} must be JSON, e.g. '${example}'`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return fail(`${option} does not validate: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`);
  return parsed.data;
}

/** Where a CLI writes KV: `--local` (wrangler dev's state under the project) or `--remote` (the deployed namespace). */
export function kvTargetFrom(flags: { readonly local: boolean; readonly remote: boolean }, root: string, fail: (message: string) => never): KvTarget {
  if (flags.local === flags.remote) fail("say where to write: --local (wrangler dev's state) or --remote (the deployed namespace)");
  return flags.local ? { where: "local", persistTo: join(root, ".wrangler", "state") } : { where: "remote" };
}
