import type { ChainEntry } from "./chain";
import { batchLine } from "./batch-object";
import type { AuditQuery } from "./audit-query";
import { type AuditRecord, auditRecordSchema } from "./record";
import { type RetentionRecord, retentionRecordSchema } from "./retention-record";

/** What a chain holds: a request's record, or a retention run's (docs/audit-retention.md). */
export type ExportedRecord = AuditRecord | RetentionRecord;

/** A chain entry with its record read; null when the record does not parse as a known version. */
export function recordOf(entry: ChainEntry): ExportedRecord | null {
  try {
    const value: unknown = JSON.parse(entry.record);
    const parsed = auditRecordSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    const retention = retentionRecordSchema.safeParse(value);
    return retention.success ? retention.data : null;
  } catch {
    return null;
  }
}

/**
 * Whether a record is in the period and passes the export's filters (key, model, status). A retention
 * record belongs to no key, model or status: it is in every unfiltered export of its period, and in no
 * filtered one.
 */
export function selected(record: ExportedRecord, query: AuditQuery, period: { readonly from: number; readonly to: number }): boolean {
  const time = Date.parse(record.time);
  if (time < period.from || time > period.to) return false;
  if (record.kind === "retention") return query.key === undefined && query.model === undefined && query.status === undefined;
  if (query.key !== undefined && record.keyId !== query.key) return false;
  if (query.model !== undefined && record.model !== query.model && record.routedModel !== query.model) return false;
  if (query.status !== undefined && String(record.status) !== query.status) return false;
  return true;
}

/**
 * JSONL: the chain line itself, led by the shard of the chain it is from, so each exported record can
 * be checked against its hash offline and the lines of each chain told apart.
 */
export function jsonlLine(entry: ChainEntry, shard: number): string {
  return `{"shard":${shard},${batchLine(entry).slice(1)}`;
}

type CsvColumn = readonly [string, (entry: ChainEntry, record: AuditRecord, shard: number) => string | number | null];

const csvColumns: readonly CsvColumn[] = [
  ["shard", (_entry, _record, shard) => shard],
  ["seq", (entry) => entry.seq],
  ["hash", (entry) => entry.hash],
  ["time", (_, record) => record.time],
  ["request_id", (_, record) => record.requestId],
  ["tenant_id", (_, record) => record.tenantId],
  ["key_id", (_, record) => record.keyId],
  ["role", (_, record) => record.role],
  ["client_ip", (_, record) => record.client.ip],
  ["country", (_, record) => record.client.country],
  ["method", (_, record) => record.method],
  ["path", (_, record) => record.path],
  ["model", (_, record) => record.model],
  ["routed_model", (_, record) => record.routedModel],
  ["target", (_, record) => record.route?.target ?? null],
  ["provider", (_, record) => record.route?.provider ?? null],
  ["upstream_model", (_, record) => record.route?.upstreamModel ?? null],
  ["region", (_, record) => record.route?.region ?? null],
  ["route", (_, record) => record.route?.explanation ?? null],
  ["status", (_, record) => record.status],
  ["error", (_, record) => record.error],
  ["stream", (_, record) => record.stream],
  ["duration_ms", (_, record) => record.durationMs],
  ["input_tokens", (_, record) => record.usage?.inputTokens ?? null],
  ["output_tokens", (_, record) => record.usage?.outputTokens ?? null],
  ["cost", (_, record) => record.cost],
  ["currency", (_, record) => record.currency],
  ["limits", (_, record) => record.limits?.outcome ?? null],
  ["kind", (_, record) => record.kind],
  // Only retention rows have one: what they deleted.
  ["detail", () => null],
];

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading formula character is neutralized for spreadsheets. */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = `${csvColumns.map(([name]) => name).join(",")}\r\n`;

export function csvRow(entry: ChainEntry, record: ExportedRecord, shard: number): string {
  if (record.kind === "retention") return `${csvColumns.map(([name]) => csvCell(retentionCell(name, entry, record, shard))).join(",")}\r\n`;
  return `${csvColumns.map(([, read]) => csvCell(read(entry, record, shard))).join(",")}\r\n`;
}

/** A retention row fills the columns every entry has, its kind, and a sentence for the rest. */
function retentionCell(column: string, entry: ChainEntry, record: RetentionRecord, shard: number): string | number | null {
  const { deleted } = record;
  switch (column) {
    case "shard":
      return shard;
    case "seq":
      return entry.seq;
    case "hash":
      return entry.hash;
    case "time":
      return record.time;
    case "request_id":
      return record.requestId;
    case "tenant_id":
      return record.tenantId;
    case "kind":
      return record.kind;
    case "detail":
      return `retention (${record.retentionDays} days) deleted entries ${deleted.firstSeq} to ${deleted.lastSeq} (${deleted.entries} entries in ${deleted.objects} objects), all recorded before ${record.cutoff}`;
    default:
      return null;
  }
}
