import * as z from "zod/mini";
import { auditSchemaVersion } from "./contract";

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const count = z.number().check(z.int(), z.minimum(1));
const seq = z.number().check(z.int(), z.minimum(1));

/**
 * The chain entry a retention run appends before it deletes anything (docs/audit-retention.md): which
 * entries of this chain left R2, and the hash of the last of them, which the first entry kept links to.
 * A verifier that finds a chain starting after seq 1 accepts the start only when such a record
 * explains it.
 */
export const retentionRecordSchema = z.object({
  v: z.literal(auditSchemaVersion),
  kind: z.literal("retention"),
  /** `retention:<uuid>`: the log requires a request id of every record. */
  requestId: z.string().check(z.minLength(1)),
  /** When the run decided, ISO 8601 UTC. */
  time: z.string(),
  tenantId: z.string(),
  shard: z.number().check(z.int(), z.minimum(0)),
  retentionDays: count,
  /** Every deleted record is older than this, ISO 8601 UTC. */
  cutoff: z.string(),
  deleted: z.object({
    /** Batch objects deleted, each with its manifest (and the refs pointing at it). */
    objects: count,
    entries: count,
    firstSeq: seq,
    lastSeq: seq,
    /** The hash of entry `lastSeq`: the `prevHash` of the first entry kept. */
    lastHash: hex64,
  }),
});

export type RetentionRecord = z.infer<typeof retentionRecordSchema>;

export type DeletedRange = RetentionRecord["deleted"];

/** The exact text every retention record holds; a verifier looks for it before paying for a parse. */
const retentionMarker = '"kind":"retention"';

/** A chain entry's record text read as a retention record, or null for every other record. */
export function readRetentionRecord(text: string): RetentionRecord | null {
  if (!text.includes(retentionMarker)) return null;
  try {
    const parsed = retentionRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface RetentionRecordInput {
  readonly tenantId: string;
  readonly shard: number;
  readonly retentionDays: number;
  readonly cutoffMs: number;
  readonly deleted: DeletedRange;
}

/** The record's JSON text, as it will be chained (`JSON.stringify`, so it holds the marker verbatim). */
export function retentionRecordText(input: RetentionRecordInput, now: number): string {
  const record: RetentionRecord = {
    v: auditSchemaVersion,
    kind: "retention",
    requestId: `retention:${crypto.randomUUID()}`,
    time: new Date(now).toISOString(),
    tenantId: input.tenantId,
    shard: input.shard,
    retentionDays: input.retentionDays,
    cutoff: new Date(input.cutoffMs).toISOString(),
    deleted: input.deleted,
  };
  return JSON.stringify(record);
}
