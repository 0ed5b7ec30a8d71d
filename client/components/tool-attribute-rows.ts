import type { BlockRow } from "../api/block-tools.js";

/** The columns of the attribute table, in order. */
export const ROW_COLUMNS = [
  "id",
  "code",
  "name",
  "parkName",
  "level",
  "status",
  "areaKm2",
  "updatedAt",
] as const;
export type RowColumn = (typeof ROW_COLUMNS)[number];

export interface RowSort {
  column: RowColumn;
  descending: boolean;
}

/** The rows sorted by one column (numbers as numbers, text in Chinese collation, missing values last). */
export function sortRows(rows: readonly BlockRow[], sort: RowSort, locale: string): BlockRow[] {
  const collator = new Intl.Collator(locale);
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === y) return a.id - b.id;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    const order =
      typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return sign * order || a.id - b.id;
  });
}

/** A CSV cell: quoted when needed; text a spreadsheet would run as a formula (= + - @) is prefixed with '. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The selected rows as CSV (UTF-8 with a BOM, so Excel reads Chinese), headers in the UI language. */
export function rowsCsv(rows: readonly BlockRow[], headers: Record<RowColumn, string>): string {
  const lines = [ROW_COLUMNS.map((column) => csvCell(headers[column])).join(",")];
  for (const row of rows) lines.push(ROW_COLUMNS.map((column) => csvCell(row[column])).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
