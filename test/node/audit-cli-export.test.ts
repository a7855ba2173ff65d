// The audit CLI's `export` (and `verify` of what it wrote) against a running gateway: the bundled
// Worker under Miniflare with KV, Durable Objects and R2 persisted in a temp folder, the provider
// simulator on loopback, and the CLI run as a child process, as an auditor runs it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorker } from "../../bench/build-worker";
import { readProductionOptions } from "../../bench/production-options";
import { describeConfigProblems, loadConfigFile } from "../../scripts/lib/config-file";
import { type RunningSimulator, startSimulator } from "../../scripts/simulator/server";
import { parseBatchText } from "../../src/audit/batch-object";
import { entryHash } from "../../src/audit/chain";
import { generateApiKey, hashApiKey, keyRecordKey } from "../../src/governance/api-key";
import type { KeyRecord, Role } from "../../src/schemas/key-record";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "audit-cli-export-"));
const simulatorKey = "sim-audit-cli-provider-key";
const tenantId = "acme-audit-cli";
const chatCount = 5;

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the repository root; killed if it hangs, so a failing test never leaves it behind. */
function run(command: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

/** `npm run audit -- ...`, the documented command. */
const npmRunAudit = (...args: string[]): Promise<CliRun> => run("npm", ["run", "--silent", "audit", "--", ...args]);
/** What `npx switchboard-audit ...` executes. */
const auditBin = (...args: string[]): Promise<CliRun> => run(process.execPath, ["scripts/audit-bin.mjs", ...args]);

function requestIdOf(record: string): unknown {
  const parsed: unknown = JSON.parse(record);
  return typeof parsed === "object" && parsed !== null && "requestId" in parsed ? parsed.requestId : undefined;
}

describe("npm run audit -- export, against a running gateway", () => {
  let simulator: RunningSimulator | undefined;
  let miniflare: Miniflare | undefined;
  let workerdStderr = "";
  let gateway = "";
  let appKey = "";
  let auditorKey = "";
  const requestIds: string[] = [];
  let from = "";
  let to = "";

  async function mintKey(role: Role): Promise<string> {
    if (!miniflare) throw new Error("the gateway is not running");
    const key = generateApiKey();
    const record: KeyRecord = { keyId: `key-${role}`, tenantId, role, createdAt: new Date().toISOString() };
    const kv = await miniflare.getKVNamespace("KEYS");
    await kv.put(keyRecordKey(await hashApiKey(key)), JSON.stringify(record));
    return key;
  }

  beforeAll(async () => {
    const [bundle, production] = await Promise.all([buildWorker(root, join(work, "build")), readProductionOptions(join(root, "wrangler.toml"))]);
    simulator = await startSimulator({ port: 0, apiKey: simulatorKey });
    const config = await loadConfigFile(join(root, "config", "dev.json"), { SIMULATOR_ORIGIN: simulator.origin });
    if (!config.ok) throw new Error(describeConfigProblems("config/dev.json", config.problems));
    miniflare = new Miniflare({
      ...production.bindings,
      bindings: { ...production.bindings.bindings, SWITCHBOARD_CONFIG: config.json, SIMULATOR_API_KEY: simulatorKey },
      scriptPath: bundle.scriptPath,
      modules: true,
      // Module names are relative to this folder; the default (the working folder) cannot reach a temp folder.
      modulesRoot: join(work, "build"),
      kvPersist: join(work, "kv"),
      durableObjectsPersist: join(work, "do"),
      r2Persist: join(work, "r2"),
      host: "127.0.0.1",
      port: 0,
      cf: false,
      logRequests: false,
      // The gateway's request log lines are drained; workerd's errors are kept for failure messages.
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        stdout.resume();
        stderr.on("data", (chunk: Buffer) => (workerdStderr = (workerdStderr + chunk.toString()).slice(-4000)));
      },
    });
    gateway = (await miniflare.ready.catch((error: unknown) => Promise.reject(new Error(`workerd did not start:\n${workerdStderr}`, { cause: error })))).origin;
    [appKey, auditorKey] = await Promise.all([mintKey("app"), mintKey("auditor")]);
  }, 60_000);

  afterAll(async () => {
    try {
      // dispose() rethrows a failed start-up, which beforeAll has reported already.
      await miniflare?.dispose().catch(() => undefined);
      await simulator?.close();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("sends a few chat requests and waits until the tenant's trail holds them", async () => {
    const client = new OpenAI({ baseURL: `${gateway}/v1`, apiKey: appKey, maxRetries: 0 });
    from = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < chatCount - 1; i++) {
      const { response } = await client.chat.completions
        .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `audit me, ${i}` }], max_tokens: 10 })
        .withResponse();
      requestIds.push(response.headers.get("x-request-id") ?? "missing");
    }
    const { data: stream, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "audit my stream" }], stream: true })
      .withResponse();
    for await (const _chunk of stream) {
      // Read to the end: the record is written when the stream finishes.
    }
    requestIds.push(response.headers.get("x-request-id") ?? "missing");
    // Later requests (the exports themselves, the refused ones below) fall after the period; the pause
    // keeps them clear of it even if workerd's clock lags Node's a little.
    to = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 200));
    expect(requestIds.every((id) => id !== "missing")).toBe(true);

    // Records are handed to the tenant's log after each answer: wait until all are exported.
    const deadline = Date.now() + 15_000;
    let lines = 0;
    while (lines < chatCount && Date.now() < deadline) {
      const exported = await fetch(`${gateway}/v1/audit/export?${new URLSearchParams({ from, to })}`, { headers: { authorization: `Bearer ${auditorKey}` } });
      lines = (await exported.text()).split("\n").filter((line) => line !== "").length;
      if (lines < chatCount) await new Promise((r) => setTimeout(r, 100));
    }
    expect(lines, workerdStderr).toBe(chatCount);
  });

  it("exports one chain line per request, with progress on stderr, and verify passes the file", async () => {
    const out = join(work, "export.jsonl");
    const exported = await npmRunAudit("export", "--url", gateway, "--key", auditorKey, "--from", from, "--to", to, "--out", out);
    expect(exported.stderr).toContain(`${chatCount} records`);
    expect(exported.stderr).toContain(`wrote ${out}`);
    expect(exported.status, exported.stderr).toBe(0);

    const lines = [...parseBatchText(readFileSync(out, "utf8"))];
    expect(lines).toHaveLength(chatCount);
    const entries = lines.map((line) => {
      if (!line.ok) throw new Error(line.detail);
      return line.entry;
    });
    expect(entries.map((entry) => requestIdOf(entry.record)).sort()).toEqual([...requestIds].sort());
    for (const entry of entries) expect(entryHash(entry.seq, entry.prevHash, entry.record)).toBe(entry.hash);

    const verified = await auditBin("verify", out);
    expect(verified.stdout).toContain(`${chatCount} entries, seq 1 to ${chatCount}`);
    expect(verified.stdout).toContain("OK: nothing altered");
    expect(verified.status).toBe(0);
  });

  it("refuses a wrong key without printing it, and an app key with the gateway's 403", async () => {
    const wrongKey = generateApiKey();
    const wrong = await auditBin("export", "--url", gateway, "--key", wrongKey, "--out", join(work, "wrong.jsonl"));
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("export refused: HTTP 401");
    expect(wrong.stderr).toContain("check --key");
    expect(wrong.stdout + wrong.stderr).not.toContain(wrongKey);

    const asApp = await auditBin("export", "--url", gateway, "--key", appKey, "--out", join(work, "app.jsonl"));
    expect(asApp.status).toBe(1);
    expect(asApp.stderr).toContain("export refused: HTTP 403");
    expect(asApp.stdout + asApp.stderr).not.toContain(appKey);
  });

  it("prints its usage on --help and exits 0", async () => {
    const help = await auditBin("--help");
    expect(help.stdout).toContain("usage: npm run audit -- verify");
    expect(help.stdout).toContain("npx switchboard-audit");
    expect(help.status).toBe(0);
  });
});
