import ExcelJS from "exceljs";
import { INDICATORS, INPUT_FIELDS, type IndicatorInputs } from "../domain/evaluation-indicators.js";
import { headerLabel, rowsFromTable, type TableRead, TEMPLATE_COLUMNS } from "../domain/evaluation-table.js";
import type { EvaluationBlock } from "../domain/evaluation-year.js";
import { ApiError } from "../errors.js";
import { decodeCsvBytes, parseCsvRows } from "../formats/csv-table.js";
import { checkedZipSize } from "../formats/zip-read.js";

/** Uncompressed size an .xlsx may have: a 5 MB upload declaring or inflating past this is refused before parsing. */
const MAX_XLSX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
const DATA_SHEET = "指标数据";
const NOTES_SHEET = "说明";

export type TableKind = "csv" | "xlsx";

/** csv or xlsx from the file name, else from the bytes (an .xlsx is a zip: "PK"). Old binary .xls is refused. */
export function tableKindOf(fileName: string, bytes: Buffer): TableKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".xls") || bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ApiError(
      415,
      "unsupported-file",
      "Old .xls files are not read: save the file as .xlsx or .csv.",
    );
  }
  if (lower.endsWith(".xlsx") || bytes.subarray(0, 2).toString("latin1") === "PK") return "xlsx";
  return "csv";
}

export async function readTable(kind: TableKind, bytes: Buffer): Promise<TableRead> {
  if (kind === "csv") {
    const parsed = parseCsvRows(decodeCsvBytes(bytes));
    if (!parsed.ok)
      throw new ApiError(400, "bad-file", parsed.message, { reason: parsed.reason, ...parsed.details });
    return rowsFromTable(parsed.rows);
  }
  await refuseZipBomb(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ApiError(
      400,
      "bad-file",
      `The file is not a readable .xlsx workbook: ${(error as Error).message}`,
    );
  }
  let firstProblem: TableRead | undefined;
  for (const sheet of workbook.worksheets) {
    const table: unknown[][] = [];
    for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
      const values = sheet.getRow(rowNumber).values as unknown[];
      table.push(Array.isArray(values) ? values.slice(1).map(cellValue) : []);
    }
    const read = rowsFromTable(table);
    if (read.ok) return read;
    firstProblem ??= read;
  }
  return firstProblem ?? { ok: false, message: "The workbook has no sheets." };
}

/** A cell as a string or number: formulas give their result, rich text its text. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === "number" || typeof value === "string")
    return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const cell = value as {
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: unknown;
    };
    if ("result" in cell) return cellValue(cell.result);
    if (cell.richText) return cell.richText.map((part) => part.text).join("");
    if (typeof cell.text === "string") return cell.text;
    if (cell.error !== undefined) return String(cell.error);
  }
  return String(value);
}

/**
 * The workbook is a zip: refused before parsing when it declares more than the limit uncompressed, or when an
 * entry inflates to more than it declares (checked by streaming, nothing kept: zip-read.ts).
 */
async function refuseZipBomb(bytes: Buffer): Promise<void> {
  const size = await checkedZipSize(bytes, MAX_XLSX_UNCOMPRESSED_BYTES);
  if (size.ok) return;
  if (size.reason === "bad-zip") {
    throw new ApiError(400, "bad-file", `The file is not a readable .xlsx workbook: ${size.message}`);
  }
  if (size.reason === "zip-size-lie") {
    throw new ApiError(
      413,
      "file-too-large",
      `The workbook is refused unread: ${size.message}`,
      size.details,
    );
  }
  throw new ApiError(
    413,
    "file-too-large",
    `The workbook unpacks to ${size.details.totalBytes} bytes (limit ${size.details.limitBytes}).`,
    size.details,
  );
}

/**
 * The indicator template of a year: sheet 指标数据 with a Chinese header row, a key row and one row per block
 * (pre-filled with the values stored for the year, if any); sheet 说明 documents every column.
 */
export async function templateWorkbook(
  year: number,
  blocks: readonly EvaluationBlock[],
  stored: ReadonlyMap<number, IndicatorInputs>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "bj-hightech-zones";
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: "frozen", xSplit: 3, ySplit: 2 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({
    key: column.key,
    width: column.role === "input" ? 18 : column.key === "blockName" ? 28 : 12,
  }));
  const labels = sheet.addRow(TEMPLATE_COLUMNS.map(headerLabel));
  labels.font = { bold: true };
  labels.alignment = { wrapText: true, vertical: "middle" };
  labels.height = 48;
  const keys = sheet.addRow(TEMPLATE_COLUMNS.map((column) => column.key));
  keys.font = { italic: true, color: { argb: "FF666666" } };
  for (const block of blocks) {
    const inputs = stored.get(block.blockId);
    const row = sheet.addRow({
      blockId: block.blockId,
      blockCode: block.code,
      blockName: block.name,
      park: block.park.name,
      category: block.category,
      status: block.status,
      areaKm2: block.areaKm2,
      ...Object.fromEntries(
        INPUT_FIELDS.map((definition) => [definition.key, inputs?.[definition.key] ?? null]),
      ),
    });
    row.getCell("areaKm2").numFmt = "0.0000";
  }

  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 22 }, { width: 40 }, { width: 44 }, { width: 14 }, { width: 60 }];
  notes.addRow([`${year} 年度综合评价指标数据模板（示意） / Indicator template ${year}`]).font = {
    bold: true,
  };
  notes.addRow([
    "第2行为列键（导入时识别），第1行为中文表头；每个区块一行。Row 2 holds the column keys the import reads.",
  ]);
  notes.addRow(["地均产出 = 总收入 ÷ 区块面积（地图上存储的椭球面积）；面积列仅供参考，不导入。"]);
  notes.addRow([]);
  notes.addRow(["key", "中文", "English", "单位", "规则 / rule"]).font = { bold: true };
  for (const column of TEMPLATE_COLUMNS) {
    notes.addRow([column.key, column.zh, column.en, column.unitZh, column.rule]);
  }
  notes.addRow([]);
  notes.addRow(["计分指标 / scored indicators", "", "", "", "formula"]).font = { bold: true };
  for (const definition of INDICATORS) {
    notes.addRow([definition.key, definition.zh, definition.en, definition.unitZh, definition.formula]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
