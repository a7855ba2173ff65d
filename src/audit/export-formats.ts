import type { ChainEntry } from "./chain";
import { batchLine } from "./batch-object";
import type { AuditQuery } from "./audit-query";
import { type AuditRecord, auditRecordSchema } from "./record";

/** A chain entry with its record read; null when the record does not parse as a known version. */
export function recordOf(entry: ChainEntry): AuditRecord | null {
  try {
    const parsed = auditRecordSchema.safeParse(JSON.parse(entry.record));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether a record is in the period and passes the export's filters (key, model, status). */
export function selected(record: AuditRecord, query: AuditQuery, period: { readonly from: number; readonly to: number }): boolean {
  const time = Date.parse(record.time);
  if (time < period.from || time > period.to) return false;
  if (query.key !== undefined && record.keyId !== query.key) return false;
  if (query.model !== undefined && record.model !== query.model && record.routedModel !== query.model) return false;
  if (query.status !== undefined && String(record.status) !== query.status) return false;
  return true;
}

/** JSONL: the chain line itself, so each exported record can be checked against its hash offline. */
export function jsonlLine(entry: ChainEntry): string {
  return batchLine(entry);
}

const csvColumns: ReadonlyArray<readonly [string, (entry: ChainEntry, record: AuditRecord) => string | number | null]> = [
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
];

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading formula character is neutralized for spreadsheets. */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = `${csvColumns.map(([name]) => name).join(",")}\r\n`;

export function csvRow(entry: ChainEntry, record: AuditRecord): string {
  return `${csvColumns.map(([, read]) => csvCell(read(entry, record))).join(",")}\r\n`;
}
