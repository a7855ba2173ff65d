import type { Context } from "hono";
import { csvHeader, csvRow, jsonlLine, recordOf, selected } from "../../audit/export-formats";
import type { AuditChain } from "../../audit/log-name";
import { batchKeysOfPeriod, readBatch } from "../../audit/read-period";
import type { AppEnv } from "../../http/context";
import { type TrailRequest, trailRequest } from "./read-trail";

const encoder = new TextEncoder();

/** A chain and its batch objects holding records of the period, in chain order. */
interface ChainBatches {
  readonly chain: AuditChain;
  readonly keys: readonly string[];
}

/**
 * `GET /v1/audit/export?tenant=&from=&to=&format=jsonl|csv&key=&model=&status=`: a tenant's records
 * of a period, streamed chain after chain (by shard), each batch by batch in its chain's order. JSONL
 * lines are the chain's own lines led by their shard, so each can be checked against its hash offline;
 * CSV has one row per record with its shard, seq and hash.
 */
export async function exportAudit(c: Context<AppEnv>): Promise<Response> {
  const trail = await trailRequest(c);
  const chains: ChainBatches[] = await Promise.all(
    trail.chains.map(async (chain) => ({ chain, keys: await batchKeysOfPeriod(trail.bucket, chain, trail.period.from, trail.period.to) })),
  );
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  c.executionCtx.waitUntil(writeExport(writable.getWriter(), trail, chains, c.var.requestId));
  const csv = trail.query.format === "csv";
  const name = `audit-${encodeURIComponent(trail.tenantId)}-${new Date(trail.period.from).toISOString().slice(0, 10)}.${csv ? "csv" : "jsonl"}`;
  return new Response(readable, {
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${name}"`,
      "x-audit-objects": String(chains.reduce((sum, { keys }) => sum + keys.length, 0)),
    },
  });
}

async function writeExport(writer: WritableStreamDefaultWriter<Uint8Array>, trail: TrailRequest, chains: readonly ChainBatches[], requestId: string): Promise<void> {
  const csv = trail.query.format === "csv";
  try {
    if (csv) await writer.write(encoder.encode(csvHeader));
    for (const { chain, keys } of chains) {
      for (const key of keys) {
        const batch = await readBatch(trail.bucket, key);
        let text = "";
        for (const entry of batch.entries) {
          const record = recordOf(entry);
          if (!record || !selected(record, trail.query, trail.period)) continue;
          text += csv ? csvRow(entry, record, chain.shard) : `${jsonlLine(entry, chain.shard)}\n`;
        }
        if (text !== "") await writer.write(encoder.encode(text));
      }
    }
    await writer.close();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: "error", event: "audit_export_failed", requestId, tenantId: trail.tenantId, detail }));
    await writer.abort(error).catch(() => undefined);
  }
}
