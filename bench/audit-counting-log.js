// `npm run bench:audit` (bench/audit.ts): the bundle's AuditLog, counting what it does, so the bench
// can report calls, alarms, SQLite rows written and R2 operations per request without a change to
// the production code. Copied beside the bundle's index.js; both bench entries export this class
// under the name wrangler.toml binds (`AuditLog`). The counts are per isolate, for every instance.

import { AuditLog as ProductionAuditLog } from "./index.js";

const counts = {
  /** `append` calls (each one billed Durable Object request) and the records they carried. */
  appends: 0,
  records: 0,
  /** Alarm invocations (billed requests too), and their wall time (ms): what the object is billed duration for. */
  alarms: 0,
  alarmMs: 0,
  /** Batch objects (`.ndjson.gz`) put while an alarm ran: what its wall time bought. */
  alarmBatches: 0,
  /**
   * SQLite rows written, as workerd meters them for billing (`cursor.rowsWritten`, index entries
   * included), by statement: `INSERT entries`, `DELETE pending_batch`, ...
   */
  rowsWritten: {},
  /** R2 calls the object made on AUDIT_BUCKET, by method. */
  r2: { put: 0, list: 0, get: 0, head: 0, delete: 0 },
};

const statementKeys = new Map();
let alarmsRunning = 0;

/** `INSERT entries` for `INSERT INTO entries VALUES ...`: the verb and the first table named. */
function statementKey(query) {
  let key = statementKeys.get(query);
  if (key === undefined) {
    const verb = (/^\s*(\w+)/.exec(query)?.[1] ?? "?").toUpperCase();
    const table = /\b(?:INTO|FROM|UPDATE|ON)\s+(\w+)/i.exec(query)?.[1] ?? "?";
    key = verb === "CREATE" ? "CREATE (schema)" : `${verb} ${table}`;
    statementKeys.set(query, key);
  }
  return key;
}

/** The bucket with every call counted; other properties pass through. */
function countingBucket(bucket) {
  return new Proxy(bucket, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      return (...args) => {
        if (Object.hasOwn(counts.r2, property)) counts.r2[property] += 1;
        if (property === "put" && alarmsRunning > 0 && String(args[0]).endsWith(".ndjson.gz")) counts.alarmBatches += 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

export class AuditLog extends ProductionAuditLog {
  constructor(ctx, env) {
    const sql = ctx.storage.sql;
    const exec = sql.exec.bind(sql);
    // Writes run when `exec` is called, so the count is complete when it returns.
    sql.exec = (query, ...bindings) => {
      const cursor = exec(query, ...bindings);
      if (cursor.rowsWritten > 0) {
        const key = statementKey(query);
        counts.rowsWritten[key] = (counts.rowsWritten[key] ?? 0) + cursor.rowsWritten;
      }
      return cursor;
    };
    super(ctx, env.AUDIT_BUCKET ? { ...env, AUDIT_BUCKET: countingBucket(env.AUDIT_BUCKET) } : env);
  }

  // `append(tenantId, records)`, or `append(tenantId, shard, records)` once logs are sharded: the records come last.
  append(...args) {
    counts.appends += 1;
    counts.records += args.at(-1)?.length ?? 0;
    return super.append(...args);
  }

  async alarm(info) {
    counts.alarms += 1;
    alarmsRunning += 1;
    const started = Date.now();
    try {
      return await super.alarm(info);
    } finally {
      alarmsRunning -= 1;
      counts.alarmMs += Date.now() - started;
    }
  }

  /** The counts so far, and the object's SQLite size (bytes). Not production API: the bench's probe. */
  benchCounts() {
    return { ...counts, rowsWritten: { ...counts.rowsWritten }, r2: { ...counts.r2 }, databaseBytes: this.ctx.storage.sql.databaseSize };
  }

  /** The production `flush` and `head` of shard 0, whichever signature they have (with a shard or without). */
  benchFlush(tenantId) {
    return this.flush(...chainArgs(ProductionAuditLog.prototype.flush, tenantId));
  }

  benchHead(tenantId) {
    return this.head(...chainArgs(ProductionAuditLog.prototype.head, tenantId));
  }
}

/** `[tenantId]` for a method declared `(tenantId)`, `[tenantId, 0]` for one declared `(tenantId, shard)`. */
export function chainArgs(method, tenantId) {
  return method.length >= 2 ? [tenantId, 0] : [tenantId];
}
