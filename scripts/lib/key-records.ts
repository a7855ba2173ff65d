import { spawn } from "node:child_process";
import { hashApiKey, keyRecordKey } from "../../src/governance/api-key";
import type { KeyRecord } from "../../src/schemas/key-record";

export type KvTarget = { readonly where: "local"; readonly persistTo: string } | { readonly where: "remote" };

/** Writes a key record under `key:<sha256>` with `wrangler kv key put`; the key itself is never written. */
export async function putKeyRecord(wranglerBin: string, cwd: string, key: string, record: KeyRecord, target: KvTarget): Promise<void> {
  await putKvValue(wranglerBin, cwd, keyRecordKey(await hashApiKey(key)), JSON.stringify(record), target);
}

/** Writes one value to the KEYS namespace with `wrangler kv key put`. */
export async function putKvValue(wranglerBin: string, cwd: string, name: string, value: string, target: KvTarget): Promise<void> {
  const location = target.where === "local" ? ["--local", "--persist-to", target.persistTo] : ["--remote"];
  const args = ["kv", "key", "put", "--binding", "KEYS", ...location, name, value];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(wranglerBin, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: process.env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler kv key put failed (exit ${code}):\n${stderr}`))));
  });
}
