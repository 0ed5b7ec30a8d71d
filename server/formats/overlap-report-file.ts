import ExcelJS from "exceljs";
import Papa from "papaparse";
import { LAYERS, type ZoneKind } from "../domain/layers.js";
import type { OverlapReportMeta, OverlapReportRow } from "../domain/overlap-report.js";
import { BLOCK_LEVEL_NAMES, BLOCK_STATUS_NAMES } from "./block-labels.js";

/**
 * The overlap report as files: XLSX (a header naming the CRS, the method and the date, then one row per block)
 * and CSV (the same columns; the header lines first, each starting with `#`). Areas km², shares 0..1 in the
 * CSV and as percentages in Excel's number format (the cell keeps the 0..1 value).
 */
function columns(layers: readonly ZoneKind[]): string[] {
  const layerName = (id: ZoneKind) => LAYERS.find((layer) => layer.id === id)?.name ?? id;
  return [
    "区块ID",
    "区块编号",
    "区块名称",
    "所属分园",
    "级别",
    "状态",
    "区块面积（平方公里）",
    ...layers.flatMap((layer) => [`${layerName(layer)}重叠面积（平方公里）`, `${layerName(layer)}占比`]),
    "重叠的其他区块数",
    "重叠的其他区块（名称 #ID 面积平方公里 占比）",
  ];
}

function values(row: OverlapReportRow, layers: readonly ZoneKind[]): (string | number | null)[] {
  return [
    row.blockId,
    row.code,
    row.name,
    row.parkName,
    BLOCK_LEVEL_NAMES[row.level as keyof typeof BLOCK_LEVEL_NAMES] ?? row.level,
    BLOCK_STATUS_NAMES[row.status as keyof typeof BLOCK_STATUS_NAMES] ?? row.status,
    row.areaKm2,
    ...layers.flatMap((layer) => [row.layers[layer]?.areaKm2 ?? 0, row.layers[layer]?.shareOfBlock ?? 0]),
    row.blocks.length,
    row.blocks
      .map((b) => `${b.name} #${b.id} ${b.areaKm2.toFixed(6)} ${(b.shareOfBlock * 100).toFixed(2)}%`)
      .join("; "),
  ];
}

function headerLines(meta: OverlapReportMeta): string[] {
  return [
    "区块叠加分析报表 · Block overlap report",
    `坐标系 CRS: ${meta.crs}`,
    `方法 Method: ${meta.method}`,
    `日期 Date: ${meta.createdAt}`,
    `区块数 Blocks: ${meta.blockCount}`,
  ];
}

export async function overlapReportXlsx(
  meta: OverlapReportMeta,
  rows: OverlapReportRow[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const sheet = workbook.addWorksheet("叠加分析");
  const names = columns(meta.layers);
  for (const line of headerLines(meta)) sheet.addRow([line]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow(names);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  for (const row of rows) sheet.addRow(values(row, meta.layers));
  names.forEach((name, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = index === names.length - 1 ? 60 : Math.max(10, Math.min(24, name.length * 2));
    if (name.includes("平方公里") && index < names.length - 1) column.numFmt = "0.000000";
    if (name.endsWith("占比")) column.numFmt = "0.00%";
  });
  sheet.views = [{ state: "frozen", ySplit: headerLines(meta).length + 2 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** CSV in UTF-8 with a BOM (Excel opens Chinese text right). */
export function overlapReportCsv(meta: OverlapReportMeta, rows: OverlapReportRow[]): string {
  const header = headerLines(meta).map((line) => `# ${line}`);
  // escapeFormulae: text cells starting with = + - @ tab CR get a leading ' (OWASP CSV injection, issue 15).
  const table = Papa.unparse(
    { fields: columns(meta.layers), data: rows.map((row) => values(row, meta.layers)) },
    { escapeFormulae: true },
  );
  return `\uFEFF${[...header, table].join("\r\n")}\r\n`;
}
