import type { Context } from "hono";
import { type LocatedEntry, verifyChain } from "../../audit/chain";
import type { ChainFinding } from "../../audit/findings";
import type { AuditChain } from "../../audit/log-name";
import type { ManifestInput } from "../../audit/manifest";
import { batchKeysOfPeriod, readBatch } from "../../audit/read-period";
import { retentionStartOf } from "../../audit/retention-start";
import type { AppEnv } from "../../http/context";
import { logOf, type TrailRequest, trailRequest } from "./read-trail";

type Head = { readonly seq: number; readonly hash: string };

/** What the verification of one chain of the trail found. */
interface ChainVerification {
  readonly shard: number;
  readonly objects: number;
  readonly entries: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The log's head the chain's end was checked against; null when the end was not checked. */
  readonly head: Head | null;
  readonly unreadableLines: number;
  readonly ok: boolean;
  readonly findings: readonly ChainFinding[];
}

/**
 * `GET /v1/audit/verify?tenant=&from=&to=`: re-walks each chain of the tenant's trail (one per shard)
 * on its own, through every object holding the period's records, and reports per chain, and all
 * together, gaps, reordering, altered records, broken links and objects that do not match their
 * manifests. When the period reaches the present, a chain's end is checked against its log, so
 * records cut off at the end are found too.
 */
export async function verifyAudit(c: Context<AppEnv>): Promise<Response> {
  const trail = await trailRequest(c);
  const reachesNow = trail.period.to >= Date.now() - 1000;
  const chains: ChainVerification[] = [];
  // One chain at a time: only one chain's entries are in memory at once.
  for (const chain of trail.chains) chains.push(await verifyChainOfPeriod(c, trail, chain, reachesNow));
  const unreadableLines = chains.reduce((sum, chain) => sum + chain.unreadableLines, 0);
  return c.json({
    object: "audit.verification",
    tenant: trail.tenantId,
    from: new Date(trail.period.from).toISOString(),
    to: new Date(trail.period.to).toISOString(),
    objects: chains.reduce((sum, chain) => sum + chain.objects, 0),
    entries: chains.reduce((sum, chain) => sum + chain.entries, 0),
    unreadableLines,
    ok: chains.every((chain) => chain.ok),
    chains,
    findings: chains.flatMap((chain) => chain.findings.map((finding) => ({ shard: chain.shard, ...finding }))),
  });
}

async function verifyChainOfPeriod(c: Context<AppEnv>, trail: TrailRequest, chain: AuditChain, reachesNow: boolean): Promise<ChainVerification> {
  const keys = await batchKeysOfPeriod(trail.bucket, chain, trail.period.from, trail.period.to);
  const entries: LocatedEntry[] = [];
  const manifests: ManifestInput[] = [];
  let unreadableLines = 0;
  for (const key of keys) {
    const batch = await readBatch(trail.bucket, key);
    entries.push(...batch.entries);
    manifests.push(batch.manifest);
    unreadableLines += batch.unreadable;
  }
  // A chain with no record in the period (a shard no longer written to) has its end outside it.
  const head = reachesNow && entries.length > 0 ? await headOf(c, chain) : null;
  // A period reaching back to where retention left the chain's start must find it there (audit-retention.md).
  const start = retentionStartOf((await logOf(c, chain)?.retentionFloor(chain.tenantId, chain.shard)) ?? null, trail.period);
  const findings = verifyChain(entries, { manifests, chain, ...(head ? { head } : {}), ...(start ? { start } : {}) });
  return {
    shard: chain.shard,
    objects: keys.length,
    entries: entries.length,
    firstSeq: entries[0]?.seq ?? null,
    lastSeq: entries.at(-1)?.seq ?? null,
    head,
    unreadableLines,
    ok: findings.length === 0 && unreadableLines === 0,
    findings,
  };
}

/** The chain's head, when everything its log holds is in R2 (just flushed); else null, and the end is not checked. */
async function headOf(c: Context<AppEnv>, chain: AuditChain): Promise<Head | null> {
  const head = await logOf(c, chain)?.head(chain.tenantId, chain.shard);
  return head && head.unflushed === 0 ? { seq: head.seq, hash: head.hash } : null;
}
