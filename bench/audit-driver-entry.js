// `npm run bench:audit`: one AuditLog's capacity (bench/audit-capacity.ts). The bundle's Durable
// Object classes, and instead of the gateway a driver: POST a spec, and `callers` loops (each with
// its own stub, as separate isolates would have) append batches of `batchSize` records to one log
// for `durationMs`, each waiting for its answer before the next call, as the Worker's hand-over does.
import { AuditLog as ProductionAuditLog } from "./index.js";
import { chainArgs } from "./audit-counting-log.js";

export * from "./index.js";
export { AuditLog } from "./audit-counting-log.js";

/** The Worker's call: `append(tenantId, records)`, or `append(tenantId, shard, records)` where logs are sharded (shard 0). */
const appendArgs = (tenantId, batch) => [...chainArgs({ length: ProductionAuditLog.prototype.append.length - 1 }, tenantId), batch];

async function drive(env, spec) {
  const namespace = env.AUDIT_LOG;
  const id = namespace.idFromName(spec.objectName);
  const deadline = Date.now() + spec.durationMs;
  let calls = 0;
  let records = 0;
  const caller = async (index) => {
    const stub = namespace.get(id);
    let next = 0;
    while (Date.now() < deadline) {
      const batch = [];
      for (let i = 0; i < spec.batchSize; i++) batch.push(spec.template.replace(spec.placeholder, `${spec.tag}-${index}-${next++}`));
      await stub.append(...appendArgs(spec.tenantId, batch));
      calls += 1;
      records += batch.length;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: spec.callers }, (_, index) => caller(index)));
  return { calls, records, elapsedMs: Date.now() - started };
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response("POST a capacity spec", { status: 405 });
    return Response.json(await drive(env, await request.json()));
  },
};
