import { describe, expect, it } from "vitest";
import { genesisHash, verifyChain } from "../../src/audit/chain";
import { auditLog, batchKeysOf, bucket, flushByAlarm, manifestKeyOf, newTenant, objectBytes, readChainFromR2, records, tamperWith } from "./audit-log-helpers";

describe("verifying what R2 holds", () => {
  async function threeObjects(): Promise<{ tenantId: string; keys: string[] }> {
    const tenantId = newTenant();
    const stub = auditLog(tenantId);
    for (let call = 0; call < 3; call++) await stub.append(tenantId, 0, records(`v${call}`, 400));
    await flushByAlarm(stub);
    return { tenantId, keys: await batchKeysOf(tenantId) };
  }

  const findingsOf = async (tenantId: string) => {
    const { entries, manifests } = await readChainFromR2(tenantId);
    return verifyChain(entries, { manifests, chain: { tenantId, shard: 0 }, start: { seq: 1, prevHash: genesisHash } });
  };

  it("reports an altered line", async () => {
    const { tenantId, keys } = await threeObjects();
    await tamperWith(keys[1] ?? "", (lines) => lines.map((line) => (line.startsWith('{"seq":600,') ? line.replace('"status":200', '"status":500') : line)));
    expect((await findingsOf(tenantId)).map((finding) => [finding.kind, finding.seq, finding.kind === "manifest_mismatch" ? finding.field : null])).toEqual([
      ["altered", 600, null],
      ["manifest_mismatch", null, "objectSha256"],
    ]);
  });

  it("reports a deleted line", async () => {
    const { tenantId, keys } = await threeObjects();
    await tamperWith(keys[0] ?? "", (lines) => lines.filter((line) => !line.startsWith('{"seq":42,')));
    const findings = await findingsOf(tenantId);
    expect(findings.filter((finding) => finding.kind === "gap")).toMatchObject([{ seq: 42, lastSeq: 42 }]);
    expect(findings.filter((finding) => finding.kind === "manifest_mismatch").map((finding) => finding.kind === "manifest_mismatch" && finding.field)).toEqual(["count", "objectSha256"]);
  });

  it("reports lines reordered inside an object", async () => {
    const { tenantId, keys } = await threeObjects();
    await tamperWith(keys[0] ?? "", (lines) => {
      const [at10, at11] = [lines[9] ?? "", lines[10] ?? ""];
      return lines.map((line, index) => (index === 9 ? at11 : index === 10 ? at10 : line));
    });
    const findings = await findingsOf(tenantId);
    expect(findings.find((finding) => finding.kind === "out_of_order")).toMatchObject({ seq: 10, afterSeq: 11 });
    expect(findings.some((finding) => finding.kind === "manifest_mismatch" && finding.field === "objectSha256")).toBe(true);
  });

  it("reports an object deleted with its manifest", async () => {
    const { tenantId, keys } = await threeObjects();
    const middle = keys[1] ?? "";
    await bucket().delete([middle, manifestKeyOf(middle)]);
    const findings = await findingsOf(tenantId);
    expect(findings.filter((finding) => finding.kind === "gap")).toMatchObject([{ seq: 501, lastSeq: 1000 }]);
  });

  it("reports objects whose contents were swapped", async () => {
    const { tenantId, keys } = await threeObjects();
    const [first, second] = [keys[0] ?? "", keys[1] ?? ""];
    const [firstBytes, secondBytes] = [await objectBytes(first), await objectBytes(second)];
    await bucket().put(first, secondBytes);
    await bucket().put(second, firstBytes);
    const findings = await findingsOf(tenantId);
    expect(findings.find((finding) => finding.kind === "out_of_order")).toMatchObject({ seq: 1, lastSeq: 500, afterSeq: 1000 });
    expect(findings.filter((finding) => finding.kind === "manifest_mismatch" && finding.object === first).length).toBeGreaterThan(0);
    expect(findings.some((finding) => finding.kind === "gap")).toBe(false);
  });
});
