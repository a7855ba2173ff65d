import type { LogCounts } from "./audit-log-probe";
import { num } from "./format";
import { tableRow } from "./markdown-table";

/**
 * How a statement's rows scale (src/audit/log-store.ts, recent-requests.ts): the chain head and the
 * call's request ids (`recent_appends`) once per `append` call, the claimed batch range twice per
 * batch flushed, the schema once per object; everything else (the entry, deleting it once flushed)
 * once per record.
 */
export type RowUnit = "record" | "append" | "batch" | "setup";

export interface StatementRows {
  readonly statement: string;
  readonly unit: RowUnit;
  readonly rowsPerUnit: number;
  /** False for the prune of request ids, which no run this short reaches: derived from their insert. */
  readonly measured: boolean;
}

const unitOf = (statement: string): RowUnit =>
  statement.startsWith("CREATE") || statement.startsWith("DROP")
    ? "setup"
    : statement.endsWith(" chain_head") || statement.endsWith(" recent_appends")
      ? "append"
      : statement.endsWith(" pending_batch")
        ? "batch"
        : "record";

/** Rows written per unit, from the `on` log's totals; plus the request ids' prune 15 minutes later, as many rows as their insert wrote. */
export function rowsByStatement(totals: LogCounts, batches: number): StatementRows[] {
  const units: Record<RowUnit, number> = { record: totals.records, append: totals.appends, batch: batches, setup: 1 };
  const rows = Object.entries(totals.rowsWritten)
    .map(([statement, count]): StatementRows => {
      const unit = unitOf(statement);
      return { statement, unit, rowsPerUnit: count / Math.max(1, units[unit]), measured: true };
    })
    .sort((a, b) => a.statement.localeCompare(b.statement));
  const inserted = rows.find((r) => r.statement === "INSERT recent_appends");
  if (inserted && !rows.some((r) => r.statement === "DELETE recent_appends")) {
    rows.push({ statement: "DELETE recent_appends", unit: "append", rowsPerUnit: inserted.rowsPerUnit, measured: false });
  }
  return rows;
}

/** Rows written per request where each request brings one record, `appendsPerRequest` calls and `batchesPerRequest` batches. */
export function rowsPerRequest(rows: readonly StatementRows[], appendsPerRequest: number, batchesPerRequest: number): number {
  const perRequest: Record<RowUnit, number> = { record: 1, append: appendsPerRequest, batch: batchesPerRequest, setup: 0 };
  return rows.reduce((sum, r) => sum + r.rowsPerUnit * perRequest[r.unit], 0);
}


export function renderRowsTable(rows: readonly StatementRows[], columns: readonly { readonly label: string; readonly appendsPerRequest: number; readonly batchesPerRequest: number }[]): string {
  const header = ["statement (`cursor.rowsWritten`)", "per", "rows per unit", ...columns.map((c) => `rows per request, ${c.label}`)];
  const perRequest = (r: StatementRows, c: (typeof columns)[number]): string => num(rowsPerRequest([r], c.appendsPerRequest, c.batchesPerRequest), 3);
  return [
    tableRow(header),
    tableRow(header.map(() => "---")),
    ...rows.map((r) => tableRow([`\`${r.statement}\`${r.measured ? "" : " (after 15 min; derived)"}`, r.unit, num(r.rowsPerUnit, r.unit === "setup" ? 0 : 2), ...columns.map((c) => perRequest(r, c))])),
    tableRow(["**total**", "", "", ...columns.map((c) => `**${num(rowsPerRequest(rows, c.appendsPerRequest, c.batchesPerRequest), 2)}**`)]),
    "",
  ].join("\n");
}
