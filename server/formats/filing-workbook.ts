import ExcelJS from "exceljs";
import type { Filing } from "../db/filing-store.js";

/**
 * 备案变更清单 — the changes of catalogue blocks for the national ministries (《管理办法》第三部分 · 动态调整: 同步报有关国家部委
 * 备案), one row per 备案 record, with the names of the boundary files of the removed and the new area beside it.
 */
export const FILING_COLUMNS = [
  { header: "序号", width: 6 },
  { header: "目录开发区名称", width: 26 },
  { header: "目录代码", width: 14 },
  { header: "区块名称", width: 24 },
  { header: "区块编号", width: 20 },
  { header: "变更类型", width: 10 },
  { header: "依据的决定", width: 40 },
  { header: "变更前面积（平方公里）", width: 20 },
  { header: "变更后面积（平方公里）", width: 20 },
  { header: "调出面积（平方公里）", width: 20 },
  { header: "备案日期", width: 12 },
  { header: "部委文号", width: 22 },
  { header: "边界文件", width: 50 },
] as const;

export const CHANGE_NAMES: Record<Filing["change"], string> = { exit: "退出", reduce: "核减" };

export async function filingWorkbook(
  filings: Filing[],
  filesOf: (filing: Filing) => string[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const sheet = workbook.addWorksheet("备案变更");
  sheet.columns = FILING_COLUMNS.map((column) => ({ width: column.width }));
  sheet.addRow(["《中国开发区审核公告目录》区块变更备案清单（示意，非正式文件）"]).font = {
    bold: true,
    size: 14,
  };
  sheet.mergeCells(1, 1, 1, FILING_COLUMNS.length);
  sheet.addRow(FILING_COLUMNS.map((column) => column.header)).font = { bold: true };
  filings.forEach((filing, index) => {
    const row = sheet.addRow([
      index + 1,
      filing.zoneName ?? "",
      filing.zoneCode ?? "",
      filing.blockName,
      filing.blockCode ?? "",
      CHANGE_NAMES[filing.change],
      filing.decision ?? "",
      filing.areaBeforeKm2,
      filing.areaAfterKm2,
      filing.removedKm2,
      filing.filedOn ?? "",
      filing.ministryReference ?? "",
      filesOf(filing).join("；"),
    ]);
    for (const column of [8, 9, 10]) row.getCell(column).numFmt = "0.000000";
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
