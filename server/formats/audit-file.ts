import ExcelJS from "exceljs";
import type { AuditRow } from "../db/audit-store.js";
import { csvCell } from "./csv-table.js";

/**
 * The audit trail as files (CSV, UTF-8 with a BOM for Excel; XLSX): one row per event, oldest first, before and
 * after as JSON text. Text that a spreadsheet would read as a formula (starting with = + - @, tab or CR) is
 * prefixed with an apostrophe (OWASP "CSV injection"): an actor named `=HYPERLINK(…)` stays text.
 */
const COLUMNS: { header: string; value: (row: AuditRow) => string | number }[] = [
  { header: "序号 id", value: (row) => row.id },
  { header: "时间 at (UTC)", value: (row) => row.at },
  { header: "账号 account", value: (row) => row.accountId ?? "" },
  { header: "操作人 actor", value: (row) => row.actorName },
  { header: "角色 roles", value: (row) => row.roles.join(" ") },
  { header: "操作 action", value: (row) => row.action },
  { header: "对象 entity", value: (row) => row.entity },
  { header: "对象编号 entity id", value: (row) => row.entityId ?? "" },
  { header: "变更前 before", value: (row) => jsonText(row.before) },
  { header: "变更后 after", value: (row) => jsonText(row.after) },
  { header: "请求 request", value: (row) => row.requestId ?? "" },
  { header: "客户端地址 client", value: (row) => row.clientAddress ?? "" },
  { header: "前一哈希 prev hash", value: (row) => row.prevHash },
  { header: "哈希 hash", value: (row) => row.hash },
];

/** A text cell a spreadsheet will not evaluate. */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellValue(value: string | number): string | number {
  return typeof value === "number" ? value : neutralizeFormula(value);
}

function jsonText(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [COLUMNS.map((column) => csvCell(column.header)).join(",")];
  for (const row of rows)
    lines.push(COLUMNS.map((column) => csvCell(cellValue(column.value(row)))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function auditXlsx(rows: readonly AuditRow[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const sheet = workbook.addWorksheet("审计记录 Audit");
  sheet.addRow(COLUMNS.map((column) => column.header)).font = { bold: true };
  for (const row of rows) sheet.addRow(COLUMNS.map((column) => cellValue(column.value(row))));
  sheet.columns.forEach((column, index) => {
    column.width = index < 8 ? 18 : 40;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
