import type { Miniflare } from "miniflare";
import * as z from "zod/mini";
import { auditLogName } from "../src/audit/log-name";

/** R2 methods the counting AuditLog (audit-counting-log.js) counts. */
export const r2Methods = ["put", "list", "get", "head", "delete"] as const;
export type R2Method = (typeof r2Methods)[number];

const countsSchema = z.object({
  appends: z.number(),
  records: z.number(),
  alarms: z.number(),
  alarmMs: z.number(),
  alarmBatches: z.number(),
  rowsWritten: z.record(z.string(), z.number()),
  r2: z.object({ put: z.number(), list: z.number(), get: z.number(), head: z.number(), delete: z.number() }),
  databaseBytes: z.number(),
});

/** What the AuditLog objects of one workerd did so far (all instances of the isolate together). */
export type LogCounts = z.infer<typeof countsSchema>;

const headSchema = z.object({ seq: z.number(), unflushed: z.number() });
const flushSchema = z.object({ objects: z.number(), unflushed: z.number() });

/**
 * Calls an RPC method of the tenant's AuditLog (shard 0) from Node, through Miniflare; the answer as
 * plain data. Miniflare's proxy keeps its connection to workerd alive between calls, and workerd may
 * close it while the bench drives load elsewhere: a call that fails that way ("fetch failed", the
 * request never delivered) is made again, twice at most. The bench's calls are reads and `flush`.
 */
async function callLog(miniflare: Miniflare, tenantId: string, method: string, ...args: readonly unknown[]): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await callLogOnce(miniflare, tenantId, method, args);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof TypeError && error.message === "fetch failed")) throw error;
    }
  }
}

async function callLogOnce(miniflare: Miniflare, tenantId: string, method: string, args: readonly unknown[]): Promise<unknown> {
  const namespace = await miniflare.getDurableObjectNamespace("AUDIT_LOG");
  const stub = namespace.get(namespace.idFromName(auditLogName(tenantId)));
  const call: unknown = Reflect.get(stub, method);
  if (typeof call !== "function") throw new Error(`the AuditLog stub has no method ${method}`);
  const answer: unknown = await Reflect.apply(call, stub, [...args]);
  // Miniflare hands back proxies of the answer's objects; JSON makes them plain.
  return JSON.parse(JSON.stringify(answer));
}

/** The counting AuditLog's totals, through the tenant's object (which starts it if it was not running). */
export async function readCounts(miniflare: Miniflare, tenantId: string): Promise<LogCounts> {
  return countsSchema.parse(await callLog(miniflare, tenantId, "benchCounts"));
}

export async function readHead(miniflare: Miniflare, tenantId: string): Promise<z.infer<typeof headSchema>> {
  return headSchema.parse(await callLog(miniflare, tenantId, "benchHead", tenantId));
}

/** Asks the log to write everything it holds to R2 (the production `flush`, as export and verify do), until it holds nothing. */
export async function flushAll(miniflare: Miniflare, tenantId: string): Promise<number> {
  let objects = 0;
  for (let round = 0; round < 100; round++) {
    const result = flushSchema.parse(await callLog(miniflare, tenantId, "benchFlush", tenantId));
    objects += result.objects;
    if (result.unflushed === 0) return objects;
  }
  throw new Error(`the ${tenantId} log still holds records after 100 flushes`);
}

/** What happened between two readings. */
export function countsBetween(before: LogCounts, after: LogCounts): LogCounts {
  const rowsWritten = Object.fromEntries(
    Object.entries(after.rowsWritten).map(([statement, rows]) => [statement, rows - (before.rowsWritten[statement] ?? 0)]),
  );
  const r2 = { put: 0, list: 0, get: 0, head: 0, delete: 0 };
  for (const method of r2Methods) r2[method] = after.r2[method] - before.r2[method];
  return {
    appends: after.appends - before.appends,
    records: after.records - before.records,
    alarms: after.alarms - before.alarms,
    alarmMs: after.alarmMs - before.alarmMs,
    alarmBatches: after.alarmBatches - before.alarmBatches,
    rowsWritten,
    r2,
    databaseBytes: after.databaseBytes,
  };
}

export function totalRows(counts: LogCounts): number {
  return Object.values(counts.rowsWritten).reduce((sum, rows) => sum + rows, 0);
}
