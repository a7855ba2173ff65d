import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { genesisHash, verifyChain } from "../../src/audit/chain";
import { GatewayError } from "../../src/errors/gateway-error";
import { auditLog, batchKeysOf, bucket, insideAuditLog, manifestKeyOf, newTenant, readChainFromR2, records, restart } from "./audit-log-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an AuditLog object per shard", () => {
  it("keeps each shard of a tenant a chain of its own, with its own folder and manifests naming the shard", async () => {
    const tenantId = newTenant();
    const third = auditLog(tenantId, 2);
    expect(await third.append(tenantId, 2, records("s2", 3, "2026-03-04T05:06:07.000Z"))).toEqual({ firstSeq: 1, lastSeq: 3 });
    expect(await auditLog(tenantId).append(tenantId, 0, records("s0", 1))).toEqual({ firstSeq: 1, lastSeq: 1 });
    expect(await third.head(tenantId, 2)).toMatchObject({ tenantId, shard: 2, seq: 3, unflushed: 3 });

    expect(await third.flush(tenantId, 2)).toMatchObject({ objects: 1, unflushed: 0 });
    const key = `audit/${tenantId}@2/2026/03/04/05/000000000001-000000000003.ndjson.gz`;
    expect(await batchKeysOf(tenantId, 2)).toEqual([key]);
    expect(await batchKeysOf(tenantId)).toEqual([]);
    expect(await (await bucket().get(manifestKeyOf(key)))?.json()).toMatchObject({ tenant: tenantId, shard: 2, object: key, firstSeq: 1, lastSeq: 3 });
    const { entries, manifests } = await readChainFromR2(tenantId, 2);
    const chain = { tenantId, shard: 2 };
    expect(verifyChain(entries, { manifests, chain, start: { seq: 1, prevHash: genesisHash }, head: await third.head(tenantId, 2) })).toEqual([]);
    // The same manifests checked as another shard's: each names its own.
    expect(verifyChain(entries, { manifests, chain: { tenantId, shard: 1 } }).map((finding) => finding.kind === "manifest_mismatch" && finding.field)).toEqual(["shard"]);
    expect(await runInDurableObject(third, (_instance, state) => state.storage.sql.exec("SELECT tenant_id, shard, seq FROM chain_head").one())).toEqual({
      tenant_id: tenantId,
      shard: 2,
      seq: 3,
    });
  });

  // Called on the instance: under vitest-pool-workers 0.15 a rejecting stub call leaks an unhandled rejection.
  it("refuses a shard its name does not derive, before its first record and after, across a restart", async () => {
    const tenantId = newTenant();
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await insideAuditLog(auditLog(tenantId, 3), (instance) => {
      expect(() => instance.append(tenantId, 0, records("x", 1))).toThrow(GatewayError);
      expect(() => instance.append(tenantId, 2, records("x", 1))).toThrow(GatewayError);
      expect(() => instance.head(tenantId, 3.5)).toThrow(GatewayError);
      expect(() => instance.head(tenantId, -3)).toThrow(GatewayError);
    });
    await auditLog(tenantId, 3).append(tenantId, 3, records("mine", 1));
    const restarted = await restart(tenantId, 3);
    await insideAuditLog(restarted, async (instance) => {
      expect(() => instance.head(tenantId, 0)).toThrow(GatewayError);
      expect(() => instance.unflushed(tenantId, 2)).toThrow(GatewayError);
      await expect(instance.flush(`${tenantId}@3`, 0)).rejects.toThrow(GatewayError);
      expect(instance.head(tenantId, 3)).toMatchObject({ tenantId, shard: 3, seq: 1 });
    });
  });

  it("reads a chain head written before shards existed as shard 0's, and goes on with it", async () => {
    const tenantId = newTenant();
    await auditLog(tenantId).append(tenantId, 0, records("old", 2));
    await runInDurableObject(auditLog(tenantId), (_instance, state) => {
      const sql = state.storage.sql;
      const head = sql.exec<{ tenant_id: string; seq: number; hash: string }>("SELECT tenant_id, seq, hash FROM chain_head").one();
      sql.exec("DROP TABLE chain_head");
      sql.exec("CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL)");
      sql.exec("INSERT INTO chain_head VALUES (1, ?, ?, ?)", head.tenant_id, head.seq, head.hash);
    });
    const restarted = await restart(tenantId);
    expect(await restarted.append(tenantId, 0, records("new", 1))).toEqual({ firstSeq: 3, lastSeq: 3 });
    expect(await runInDurableObject(restarted, (_instance, state) => state.storage.sql.exec("SELECT shard, seq FROM chain_head").one())).toEqual({ shard: 0, seq: 3 });
  });
});
