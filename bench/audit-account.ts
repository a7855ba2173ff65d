import { type RecordTemplate, recordTemplate } from "./audit-capacity";
import { flushAll, readCounts, readHead } from "./audit-log-probe";
import type { FlushPolicy } from "./audit-policy";
import { listTrail, recordsOf } from "./audit-r2";
import { type AuditRig, benchTenant } from "./audit-rig";
import { summarizeTrail, type TrailSummary } from "./audit-trail";

export interface TrailAccount {
  readonly trail: TrailSummary;
  /** A record the `on` gateway wrote (the median size of a full batch's), for the capacity runs. */
  readonly template: RecordTemplate;
}

/**
 * After the load: the `on` log is flushed (its production `flush`, until it holds nothing), its R2
 * objects listed and one full batch read back; the `off` gateway must have appended nothing and
 * written nothing, or it was not the variant it claims to be.
 */
export async function accountTrail(rig: AuditRig, policy: FlushPolicy): Promise<TrailAccount> {
  const on = rig.gateways.on.miniflare;
  await flushAll(on, benchTenant);
  const [head, totals, objects] = [await readHead(on, benchTenant), await readCounts(on, benchTenant), await listTrail(on)];
  if (totals.records !== head.seq) throw new Error(`the on log took ${totals.records} records but chained ${head.seq}`);
  const largest = [...objects.batches].sort((a, b) => b.lastSeq - b.firstSeq - (a.lastSeq - a.firstSeq))[0];
  if (!largest) throw new Error("the on gateway's trail has no batch object in R2 after its flush");
  const records = await recordsOf(on, largest.key);
  const bySize = [...records].sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b));
  const median = bySize[Math.floor(bySize.length / 2)];
  if (median === undefined) throw new Error(`${largest.key} holds no record`);

  const off = rig.gateways.off.miniflare;
  const [offCounts, offObjects] = [await readCounts(off, benchTenant), await listTrail(off)];
  const offWrites = offObjects.batches.length + offObjects.manifests + offObjects.spills + offObjects.other;
  if (offCounts.appends > 0 || offWrites > 0) {
    throw new Error(`the off gateway audited: ${offCounts.appends} appends, ${offWrites} R2 objects; the no-op hand-over was not in its bundle`);
  }
  return {
    trail: summarizeTrail(head.seq, objects, records.map((record) => Buffer.byteLength(record)), totals, policy),
    template: recordTemplate(median),
  };
}
