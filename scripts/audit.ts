// `npm run audit -- verify <export.jsonl | folder copied out of R2>`
// `npm run audit -- export --url <gateway> --key <auditor or admin key> [--tenant <id>] [--from <iso>] [--to <iso>]
//    [--format jsonl|csv] [--out <file>]`
// (or `npx switchboard-audit verify|export ...` in the clone: scripts/audit-bin.mjs)
// Verifies an audit trail offline (docs/audit-chain.md, "Verifying"), or exports one through the API with progress.
import { createWriteStream, existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyChain } from "../src/audit/chain";
import { readExportChains, readFolderChains, reportChains, sha256 } from "./lib/audit-files";
import { usageFailure } from "./lib/cli";

const usage = `usage: npm run audit -- verify <export.jsonl | folder copied out of R2> [--partial (a folder holding part of a chain)]
       npm run audit -- export --url <gateway URL> --key <auditor or admin key> [--tenant <id>] [--from <ISO time>] [--to <ISO time>] [--format jsonl|csv] [--out <file>]
       (or npx switchboard-audit verify|export ... from the clone; the key can also come from SWITCHBOARD_AUDIT_KEY)`;
const fail = usageFailure(usage);

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        url: { type: "string" },
        key: { type: "string" },
        tenant: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string", default: "jsonl" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        partial: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

const { positionals, values } = parseCommandLine();

function verify(path: string): number {
  const hash = (text: string): string => sha256(text);
  // Each chain (a shard of a tenant's trail) is verified on its own: a folder's by the chain folder
  // its batches sit in, an export's by the shard each line names.
  if (statSync(path).isDirectory()) {
    // A whole chain's folder must begin at entry 1, or where a retention record says (docs/audit-retention.md).
    return reportChains(readFolderChains(path).map((chain) => ({ ...chain, findings: verifyChain(chain.entries, { hash, manifests: chain.manifests, checkStart: !values.partial }) })));
  }
  return reportChains(readExportChains(path).map((chain) => ({ ...chain, findings: verifyChain(chain.entries, { hash }) })));
}

/** The gateway's reason for a refusal (its OpenAI-shaped error message), or the body as it came. */
async function refusalOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && "error" in body) {
      const { error } = body;
      if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") return error.message;
    }
  } catch {
    // Not JSON: shown as it came.
  }
  return text.slice(0, 500);
}

const refusalHints: Readonly<Record<number, string>> = {
  401: "the gateway does not know this key: check --key or SWITCHBOARD_AUDIT_KEY",
  403: "this key may not read this trail: exports need an auditor key (its own tenant) or an admin key (--tenant)",
};

async function exportTrail(): Promise<number> {
  const url = values.url ?? fail("--url is required");
  const key = values.key ?? process.env.SWITCHBOARD_AUDIT_KEY ?? fail("--key (or SWITCHBOARD_AUDIT_KEY) is required");
  const query = new URLSearchParams({ format: values.format });
  for (const name of ["tenant", "from", "to"] as const) if (values[name]) query.set(name, values[name]);
  const endpoint = `${url.replace(/\/$/, "")}/v1/audit/export`;
  let response: Response;
  try {
    response = await fetch(`${endpoint}?${query}`, { headers: { authorization: `Bearer ${key}` } });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error(`export failed: cannot reach ${endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`);
    return 1;
  }
  if (!response.ok || !response.body) {
    const hint = refusalHints[response.status];
    console.error(`export refused: HTTP ${response.status}: ${await refusalOf(response)}${hint ? `\n  (${hint})` : ""}`);
    return 1;
  }
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  let bytes = 0;
  let lines = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines += 1;
      out.write(chunk);
      if (values.out) process.stderr.write(`\r${lines} records, ${(bytes / 1024).toFixed(0)} KiB`);
    }
  } catch (error) {
    console.error(`\nexport interrupted after ${lines} records: ${error instanceof Error ? error.message : String(error)}`);
    if (values.out) out.end();
    return 1;
  }
  if (values.out) {
    await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`\nwrote ${values.out}\n`);
  }
  return 0;
}

const [command, target] = positionals;
if (values.help) console.log(usage);
else if (command === "verify") {
  const path = target ?? fail("verify needs a file or folder");
  process.exitCode = existsSync(path) ? verify(path) : fail(`no such file or folder: ${path}`);
} else if (command === "export") process.exitCode = await exportTrail();
else fail("say what to do: verify or export");
