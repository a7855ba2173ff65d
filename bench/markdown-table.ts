/** One markdown table row. */
export const tableRow = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

/** A markdown table, header rule included, and the blank line after it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [tableRow(header), tableRow(header.map(() => "---")), ...rows.map(tableRow), ""].join("\n");
}

/** A column: its heading and how a row fills it. */
export type Column<R> = readonly [heading: string, cell: (row: R) => string];

export function tableOf<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  return markdownTable(
    columns.map(([heading]) => heading),
    rows.map((r) => columns.map(([, cell]) => cell(r))),
  );
}
