import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The AuditLog's flush thresholds the bench models with (`auditFlushPolicy`, docs/audit-chain.md). */
export interface FlushPolicy {
  readonly records: number;
  readonly bytes: number;
  readonly ageMs: number;
  readonly spillScanMs: number;
  readonly dedupeMs: number;
  /** Where it was read. */
  readonly source: string;
}

/**
 * `auditFlushPolicy` as the source declares it. Its module imports `cloudflare:workers`, which Node
 * cannot load, so the numbers are read from the text: each field a product of integer literals
 * (`4 * 1024 * 1024`, `30_000`); anything else stops the bench rather than model a wrong policy.
 */
export function readFlushPolicy(root: string): FlushPolicy {
  const sourceDir = join(root, "src");
  for (const file of readdirSync(sourceDir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const text = readFileSync(join(sourceDir, file), "utf8");
    const start = text.indexOf("export const auditFlushPolicy = {");
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf("}", start));
    const source = relative(root, join(sourceDir, file));
    const field = (name: string): number => {
      const literal = new RegExp(`\\b${name}:\\s*([\\d_ *]+),`).exec(body)?.[1];
      const value = literal?.split("*").reduce((product, factor) => product * Number(factor.trim().replace(/_/g, "")), 1);
      if (value === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`cannot read auditFlushPolicy.${name} in ${source}`);
      return value;
    };
    return {
      records: field("records"),
      bytes: field("bytes"),
      ageMs: field("ageMs"),
      spillScanMs: field("spillScanMs"),
      dedupeMs: field("dedupeMs"),
      source,
    };
  }
  throw new Error("no `export const auditFlushPolicy` in src/: the bench cannot model the flush");
}
