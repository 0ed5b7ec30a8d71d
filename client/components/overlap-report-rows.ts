import type { OverlapReportRow } from "../api/jobs.js";

/** What the report table sorts by: a column of the row, or one layer's share of the block. */
export type ReportSortKey = "name" | "park" | "areaKm2" | "blocks" | `layer:${string}`;

export interface ReportQuery {
  sortKey: ReportSortKey;
  descending: boolean;
  /** Case-insensitive text in the name, code or park name; "" keeps every row. */
  text: string;
  onlyOverlappingBlocks: boolean;
}

function sortValue(row: OverlapReportRow, key: ReportSortKey): number | string {
  switch (key) {
    case "name":
      return row.name;
    case "park":
      return row.parkName;
    case "areaKm2":
      return row.areaKm2;
    case "blocks":
      return row.blocks.length;
    default: {
      const layer = key.slice("layer:".length) as keyof OverlapReportRow["layers"];
      return row.layers[layer]?.shareOfBlock ?? 0;
    }
  }
}

/** The rows the table shows, filtered and sorted (ties by block id, so the order is stable). */
export function reportRows(rows: readonly OverlapReportRow[], query: ReportQuery): OverlapReportRow[] {
  const needle = query.text.trim().toLowerCase();
  const kept = rows.filter(
    (row) =>
      (!query.onlyOverlappingBlocks || row.blocks.length > 0) &&
      (needle === "" ||
        row.name.toLowerCase().includes(needle) ||
        (row.code ?? "").toLowerCase().includes(needle) ||
        row.parkName.toLowerCase().includes(needle)),
  );
  const sign = query.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const left = sortValue(a, query.sortKey);
    const right = sortValue(b, query.sortKey);
    const order =
      typeof left === "number" && typeof right === "number"
        ? left - right
        : String(left).localeCompare(String(right), "zh-CN");
    return order !== 0 ? sign * order : a.blockId - b.blockId;
  });
}
