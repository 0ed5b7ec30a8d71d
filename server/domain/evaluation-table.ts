/**
 * 导入模板 — the columns of the indicator template (CSV and Excel) and the reading of a table into rows.
 *
 * The template has two header rows: Chinese labels with units (what people read), then the column keys (what
 * the app reads). A file may carry either header row or both; the first row naming `blockId`/`区块ID` (or
 * `blockCode`/`区块编码`) starts the data. Unknown columns are ignored and listed; CSV text may be UTF-8 (with
 * or without BOM) or GB18030/GBK, the encoding Excel on Chinese Windows writes.
 */

import type { RawRow } from "./evaluation-import.js";
import { INPUT_FIELDS, type InputKey } from "./evaluation-indicators.js";

export interface TemplateColumn {
  key: string;
  zh: string;
  en: string;
  unitZh: string;
  /** id: names the block; info: for reading, ignored on import; input: imported. */
  role: "id" | "info" | "input";
  rule: string;
}

export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  {
    key: "blockId",
    zh: "区块ID",
    en: "Block id",
    unitZh: "",
    role: "id",
    rule: "必填；或填写区块编码 / required, or give blockCode",
  },
  {
    key: "blockCode",
    zh: "区块编码",
    en: "Block code",
    unitZh: "",
    role: "info",
    rule: "区块ID为空时用于识别区块 / identifies the block when blockId is empty",
  },
  {
    key: "blockName",
    zh: "区块名称",
    en: "Block name",
    unitZh: "",
    role: "info",
    rule: "仅供参考，不导入 / for reading, not imported",
  },
  {
    key: "park",
    zh: "分园",
    en: "Sub-park",
    unitZh: "",
    role: "info",
    rule: "仅供参考，不导入 / for reading, not imported",
  },
  {
    key: "category",
    zh: "评价类别",
    en: "Evaluation category",
    unitZh: "",
    role: "info",
    rule: "A 城六区与亦庄 / B 其他分园；不导入",
  },
  {
    key: "status",
    zh: "状态",
    en: "Status",
    unitZh: "",
    role: "info",
    rule: "仅供参考，不导入 / for reading, not imported",
  },
  {
    key: "areaKm2",
    zh: "面积（地图椭球面积）",
    en: "Area (stored ellipsoidal area)",
    unitZh: "平方公里",
    role: "info",
    rule: "仅供参考，不导入：地均产出按地图上的区块面积计算 / not imported: output per land uses the map's area",
  },
  ...INPUT_FIELDS.map(
    (definition): TemplateColumn => ({
      key: definition.key,
      zh: definition.zh,
      en: definition.en,
      unitZh: definition.unitZh,
      role: "input",
      rule: [
        "必填 required",
        definition.integer ? "整数 whole number" : "数值 number",
        definition.allowNegative ? "可为负 may be negative" : "不得为负 ≥ 0",
      ].join("；"),
    }),
  ),
];

/** The Chinese header of a column: "总收入（万元）". */
export function headerLabel(column: TemplateColumn): string {
  return column.unitZh ? `${column.zh}（${column.unitZh}）` : column.zh;
}

const HEADER_LOOKUP = new Map<string, string>(
  TEMPLATE_COLUMNS.flatMap((column) => [
    [normaliseHeader(column.key), column.key],
    [normaliseHeader(column.zh), column.key],
    [normaliseHeader(headerLabel(column)), column.key],
  ]),
);

function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();
}

export type TableRead =
  | { ok: true; rows: RawRow[]; columns: { recognized: string[]; ignored: string[]; missing: InputKey[] } }
  | { ok: false; message: string };

const HEADER_SEARCH_ROWS = 5;

/** Reads a table (rows of cells; row i is line firstLine + i) into keyed rows. */
export function rowsFromTable(table: readonly (readonly unknown[])[], firstLine = 1): TableRead {
  const keysOf = (row: readonly unknown[]) =>
    row.map((cell) =>
      cell === null || cell === undefined ? null : (HEADER_LOOKUP.get(normaliseHeader(String(cell))) ?? null),
    );
  const namesBlock = (keys: (string | null)[]) => keys.includes("blockId") || keys.includes("blockCode");
  const headerAt = table.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => namesBlock(keysOf(row)));
  if (headerAt < 0) {
    return {
      ok: false,
      message: "No header row naming blockId (区块ID) or blockCode (区块编码) in the first rows.",
    };
  }
  let dataStart = headerAt + 1;
  const keys = keysOf(table[headerAt]);
  if (dataStart < table.length && namesBlock(keysOf(table[dataStart]))) {
    keysOf(table[dataStart]).forEach((key, column) => {
      keys[column] = keys[column] ?? key;
    });
    dataStart += 1;
  }
  const ignored = table[headerAt]
    .map((cell, column) => (keys[column] === null && !isBlank(cell) ? String(cell) : null))
    .filter((header): header is string => header !== null);
  const recognized = keys.filter((key): key is string => key !== null);
  const rows: RawRow[] = [];
  for (let position = dataStart; position < table.length; position += 1) {
    const row = table[position];
    if (row.every(isBlank)) continue;
    const cells: Record<string, unknown> = {};
    keys.forEach((key, column) => {
      if (key !== null) cells[key] = isBlank(row[column]) ? null : row[column];
    });
    rows.push({ index: rows.length, line: firstLine + position, cells });
  }
  const missing = INPUT_FIELDS.map((definition) => definition.key).filter((key) => !recognized.includes(key));
  return { ok: true, rows, columns: { recognized, ignored, missing } };
}

function isBlank(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}
