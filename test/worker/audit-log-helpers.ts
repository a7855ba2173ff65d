import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { gunzipText, parseBatchText, sha256HexOfBytes } from "../../src/audit/batch-object";
import type { ChainEntry, LocatedEntry } from "../../src/audit/chain";
import { auditLogName } from "../../src/audit/log-name";
import type { ManifestInput } from "../../src/audit/manifest";
import { AuditLog, auditFlushPolicy } from "../../src/state/audit-log";
import { batchKeyOfManifest, chainBatchPrefix, chainSpillPrefix, manifestKeyOf, sortBatchKeys } from "../../src/audit/object-keys";

/** The `AuditLog` object of a tenant's chain: shard 0 unless said. */
export function auditLog(tenantId: string, shard = 0) {
  return env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenantId, shard)));
}

export type AuditLogStub = ReturnType<typeof auditLog>;

export const bucket = (): R2Bucket => env.AUDIT_BUCKET;

export function newTenant(): string {
  return `audit-${crypto.randomUUID().slice(0, 8)}`;
}

/** A record as the Worker would hand it over: JSON with at least a request id and a time. */
export function auditRecord(requestId: string, time = "2026-03-04T05:06:07.000Z", extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: 1, requestId, time, status: 200, ...extra });
}

export function records(prefix: string, count: number, time?: string): string[] {
  return Array.from({ length: count }, (_, index) => auditRecord(`${prefix}-${index + 1}`, time));
}

/** Runs `callback` inside the object, on its real instance and storage. */
export function insideAuditLog<R>(stub: AuditLogStub, callback: (instance: AuditLog, state: DurableObjectState) => R | Promise<R>): Promise<R> {
  return runInDurableObject(stub, (instance, state) => {
    if (!(instance instanceof AuditLog)) throw new TypeError("the stub does not reach an AuditLog");
    return callback(instance, state);
  });
}

/** The entries the object still holds, read from its real SQLite storage. */
export function heldEntries(stub: AuditLogStub): Promise<ChainEntry[]> {
  return runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ seq: number; prev_hash: string; hash: string; record: string }>("SELECT seq, prev_hash, hash, record FROM entries ORDER BY seq")
      .toArray()
      .map((row) => ({ seq: row.seq, prevHash: row.prev_hash, hash: row.hash, record: row.record })),
  );
}

export function alarmOf(stub: AuditLogStub): Promise<number | null> {
  return runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
}

/** Ages every held entry past the flush age, as if `auditFlushPolicy.ageMs` had passed. */
export function makeDue(stub: AuditLogStub): Promise<void> {
  return runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE entries SET appended_at = appended_at - ?", auditFlushPolicy.ageMs);
  });
}

/** Waits (briefly) until the object holds `count` entries: an alarm it armed itself is running. */
export async function heldCountBecomes(stub: AuditLogStub, count: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await heldEntries(stub)).length === count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the audit log does not come to hold ${count} entries`);
}

/** Makes what is held due and runs the alarm (unless it already fired by itself), then waits for its flush. */
export async function flushByAlarm(stub: AuditLogStub): Promise<void> {
  await makeDue(stub);
  await runDurableObjectAlarm(stub);
  await heldCountBecomes(stub, 0);
}

/** Resets the object as a crash or an eviction would; the returned stub reaches the new instance. */
export async function restart(tenantId: string, shard = 0): Promise<AuditLogStub> {
  await runInDurableObject(auditLog(tenantId, shard), (_instance, state) => state.abort("restart")).catch(() => undefined);
  return auditLog(tenantId, shard);
}

export async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket().list({ prefix, ...(cursor ? { cursor } : {}) });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** A chain's batch objects in chain order (shard 0 unless said). */
export const batchKeysOf = async (tenantId: string, shard = 0) =>
  sortBatchKeys((await keysUnder(chainBatchPrefix({ tenantId, shard }))).filter((key) => key.endsWith(".ndjson.gz")));
export const spillKeysOf = (tenantId: string, shard = 0) => keysUnder(chainSpillPrefix({ tenantId, shard }));

export async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await bucket().get(key);
  if (!object) throw new Error(`no object ${key}`);
  return new Uint8Array(await object.arrayBuffer());
}

/** Everything a verifier reads from R2 for a chain (shard 0 unless said): the entries of every batch, in chain order, and their manifests. */
export async function readChainFromR2(tenantId: string, shard = 0): Promise<{ entries: LocatedEntry[]; manifests: ManifestInput[] }> {
  const entries: LocatedEntry[] = [];
  const manifests: ManifestInput[] = [];
  for (const key of await keysUnder(chainBatchPrefix({ tenantId, shard }))) {
    if (!key.endsWith(".manifest.json")) continue;
    const batchKey = batchKeyOfManifest(key);
    const manifest = await bucket().get(key);
    manifests.push({ key: batchKey, manifest: await manifest?.json(), objectSha256: await sha256HexOfBytes(await objectBytes(batchKey)) });
  }
  for (const key of await batchKeysOf(tenantId, shard)) {
    for (const line of parseBatchText(await gunzipText(await objectBytes(key)))) {
      if (line.ok) entries.push({ ...line.entry, object: key });
    }
  }
  return { entries, manifests };
}

/** Rewrites one batch object's lines (its manifest stays as it was), as someone with write access to the bucket could. */
export async function tamperWith(key: string, change: (lines: string[]) => string[]): Promise<void> {
  const lines = (await gunzipText(await objectBytes(key))).split("\n").filter((line) => line !== "");
  const text = `${change(lines).join("\n")}\n`;
  const gzip = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  await bucket().put(key, await new Response(gzip).arrayBuffer());
}

export { manifestKeyOf };
