import { spawn } from "node:child_process";
import { hashApiKey, keyRecordKey } from "../../src/governance/api-key";
import type { KeyRecord } from "../../src/schemas/key-record";

/** The documented local-only key `npm start` seeds; never valid anywhere it was not seeded. */
export const defaultDevKey = "sk-sb-dev-local-only-0000000000000000000000";

export const devKeyRecord: KeyRecord = {
  keyId: "dev-key",
  tenantId: "dev",
  role: "app",
  name: "local development key seeded by npm start",
  createdAt: "2026-01-01T00:00:00.000Z",
};

/** Writes the dev key's record into the local KV that `wrangler dev` uses (never a remote one). */
export async function seedDevKey(wranglerBin: string, key: string, persistTo: string, cwd: string): Promise<void> {
  const args = [
    "kv", "key", "put", "--local", "--binding", "KEYS", "--persist-to", persistTo,
    keyRecordKey(await hashApiKey(key)), JSON.stringify(devKeyRecord),
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(wranglerBin, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: process.env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seeding the dev key failed (wrangler exit ${code}):\n${stderr}`))));
  });
}
