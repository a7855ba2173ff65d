import type { Context } from "hono";
import { verifyChain, type LocatedEntry } from "../../audit/chain";
import { auditLogName } from "../../audit/log-name";
import type { ManifestInput } from "../../audit/manifest";
import { batchKeysOfPeriod, readBatch } from "../../audit/read-period";
import type { AppEnv } from "../../http/context";
import { trailRequest } from "./read-trail";

/**
 * `GET /v1/audit/verify?tenant=&from=&to=`: re-walks the chain through every object holding the
 * period's records, and reports gaps, reordering, altered records, broken links and objects that do
 * not match their manifests. When the period reaches the present, the end is checked against the
 * tenant's log, so records cut off at the end are found too.
 */
export async function verifyAudit(c: Context<AppEnv>): Promise<Response> {
  const trail = await trailRequest(c);
  const keys = await batchKeysOfPeriod(trail.bucket, trail.tenantId, trail.period.from, trail.period.to);
  const entries: LocatedEntry[] = [];
  const manifests: ManifestInput[] = [];
  let unreadable = 0;
  for (const key of keys) {
    const batch = await readBatch(trail.bucket, key);
    entries.push(...batch.entries);
    manifests.push(batch.manifest);
    unreadable += batch.unreadable;
  }
  const head = trail.period.to >= Date.now() - 1000 ? await headOf(c, trail.tenantId) : null;
  const findings = verifyChain(entries, { manifests, tenant: trail.tenantId, ...(head ? { head } : {}) });
  return c.json({
    object: "audit.verification",
    tenant: trail.tenantId,
    from: new Date(trail.period.from).toISOString(),
    to: new Date(trail.period.to).toISOString(),
    objects: keys.length,
    entries: entries.length,
    firstSeq: entries[0]?.seq ?? null,
    lastSeq: entries.at(-1)?.seq ?? null,
    head,
    unreadableLines: unreadable,
    ok: findings.length === 0 && unreadable === 0,
    findings,
  });
}

/** The chain's head, when everything it holds is in R2 (just flushed); else null, and the end is not checked. */
async function headOf(c: Context<AppEnv>, tenantId: string): Promise<{ seq: number; hash: string } | null> {
  const namespace = c.env.AUDIT_LOG;
  if (!namespace) return null;
  const head = await namespace.get(namespace.idFromName(auditLogName(tenantId))).head(tenantId);
  return head.unflushed === 0 ? { seq: head.seq, hash: head.hash } : null;
}
