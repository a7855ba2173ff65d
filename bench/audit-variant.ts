import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildWorker, type WorkerBundle } from "./build-worker";

/** The module whose `auditRequest` hands a finished request's record to its tenant's log. */
export const handOverModule = "src/audit/hand-over.ts";

/**
 * Import specifiers in src/ (tests aside) that name the hand-over module, e.g. `../../audit/hand-over`
 * from `src/http/middleware/request-context.ts`: wrangler's `alias` matches the specifier as written.
 */
export function handOverSpecifiers(root: string): string[] {
  const target = withoutExtension(resolve(root, handOverModule));
  const sources = sourceFiles(root);
  const specifiers = new Set<string>();
  for (const [path, text] of sources) {
    for (const specifier of relativeImports(text)) {
      if (withoutExtension(resolve(dirname(path), specifier)) === target) specifiers.add(specifier);
    }
  }
  if (specifiers.size === 0) throw new Error(`nothing in src/ imports ${handOverModule}: the "audit off" variant has nothing to replace`);
  // The alias is keyed by the specifier alone: it must not name another module from another folder.
  for (const [path, text] of sources) {
    for (const specifier of relativeImports(text)) {
      if (specifiers.has(specifier) && withoutExtension(resolve(dirname(path), specifier)) !== target) {
        throw new Error(`"${specifier}" names another module in ${relative(root, path)}: the alias would replace that one too`);
      }
    }
  }
  return [...specifiers].sort();
}

/** The Worker's source files (tests aside), with their text. */
function sourceFiles(root: string): [string, string][] {
  const sourceDir = join(root, "src");
  return readdirSync(sourceDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
    .map((file) => [join(sourceDir, file), readFileSync(join(sourceDir, file), "utf8")]);
}

function relativeImports(text: string): string[] {
  const pattern = /\bfrom\s+["'](\.[^"']+)["']|\bimport\s*\(\s*["'](\.[^"']+)["']\s*\)/g;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? "");
}

const withoutExtension = (path: string): string => path.replace(/\.(ts|js)$/, "");

/** The hand-over module with `auditRequest` doing nothing: everything else it exports stays as it is. */
function noAuditModule(root: string): string {
  return [
    "// `npm run bench:audit`'s \"audit off\" variant (bench/audit-variant.ts): the hand-over module, whose",
    "// `auditRequest` neither builds a record nor hands one over. A local export wins over `export *`.",
    `export * from ${JSON.stringify(resolve(root, handOverModule))};`,
    "export function auditRequest(): null {",
    "  return null;",
    "}",
    "",
  ].join("\n");
}

/**
 * wrangler.toml as wrangler reads it, as a JSON config in `dir`: `main` made absolute (paths in a
 * config are relative to its folder) and `alias` substituting `replacement` for the hand-over module.
 * Built without the alias, such a config gives the same bundle as the project's, byte for byte.
 */
async function variantConfig(root: string, dir: string, replacement: string): Promise<string> {
  const { experimental_readRawConfig } = await import("wrangler");
  const read: unknown = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
  const raw: unknown = Reflect.get(Object(read), "rawConfig");
  const main: unknown = Reflect.get(Object(raw), "main");
  if (typeof raw !== "object" || raw === null || typeof main !== "string") throw new Error("wrangler.toml has no `main`");
  for (const relativePath of ["tsconfig", "rules", "build", "assets", "site", "base_dir", "alias"]) {
    if (Reflect.has(raw, relativePath)) throw new Error(`wrangler.toml sets \`${relativePath}\`, which the "audit off" variant's config does not carry over yet`);
  }
  const alias = Object.fromEntries(handOverSpecifiers(root).map((specifier) => [specifier, replacement]));
  const path = join(dir, "wrangler.json");
  writeFileSync(path, `${JSON.stringify({ ...raw, main: resolve(root, main), alias }, null, 2)}\n`);
  return path;
}

/**
 * The "audit off" bundle: `wrangler deploy --dry-run` of the same entry with the same config (so the
 * same defines, compatibility date and flags, minification), but for `alias`, which swaps the
 * hand-over module for one whose `auditRequest` is a no-op. Written to `outDir`; `workDir` holds the
 * replacement module and the config.
 */
export async function buildAuditOffWorker(root: string, outDir: string, workDir: string): Promise<WorkerBundle> {
  const replacement = join(workDir, "no-audit-hand-over.ts");
  writeFileSync(replacement, noAuditModule(root));
  const config = await variantConfig(root, workDir, replacement);
  return buildWorker(root, outDir, ["--config", config]);
}
