import ExcelJS from "exceljs";
import {
  categoryWords,
  type DistrictNotice,
  indicatorName,
  noticeTitle,
  rankWords,
} from "../domain/evaluation-notice.js";
import { BLOCK_LEVEL_NAMES, BLOCK_STATUS_NAMES } from "./block-labels.js";

/** The approval the 通报 follows (审定 reference and date). */
export interface NoticeApproval {
  year: number;
  reference: string | null;
  approvedOn: string | null;
}

export const NOTICE_COLUMNS = [
  { header: "序号", width: 6 },
  { header: "区块名称", width: 26 },
  { header: "区块编号", width: 18 },
  { header: "所属分园", width: 16 },
  { header: "级别", width: 8 },
  { header: "评价类别", width: 20 },
  { header: "类别内排名", width: 12 },
  { header: "综合得分", width: 10 },
  { header: "基础得分", width: 10 },
  { header: "加分", width: 8 },
  { header: "排名后5%", width: 10 },
  { header: "整改、退出情况", width: 50 },
  { header: "当前状态", width: 10 },
] as const;

/**
 * A district's 通报 table (XLSX): sheet 综合评价结果, one row per block; sheet 得分明细, one row per block and
 * indicator (value, normalised, weight, points) — the breakdown behind each score.
 */
export async function noticeWorkbook(notice: DistrictNotice, approval: NoticeApproval): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const sheet = workbook.addWorksheet("综合评价结果");
  sheet.columns = NOTICE_COLUMNS.map((column) => ({ width: column.width }));
  sheet.addRow([`${noticeTitle(approval.year)}（${notice.district}）`]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, NOTICE_COLUMNS.length);
  sheet.addRow([approvalLine(approval)]);
  sheet.mergeCells(2, 1, 2, NOTICE_COLUMNS.length);
  sheet.addRow(NOTICE_COLUMNS.map((column) => column.header)).font = { bold: true };
  notice.rows.forEach((row, index) => {
    const added = sheet.addRow([
      index + 1,
      row.name,
      row.code ?? "",
      row.parkName,
      BLOCK_LEVEL_NAMES[row.level],
      categoryWords(row.category),
      rankWords(row),
      row.score,
      row.baseScore,
      row.bonusScore,
      row.bottom5 ? "是" : "否",
      row.outcome,
      BLOCK_STATUS_NAMES[row.statusNow],
    ]);
    for (const column of [8, 9, 10]) added.getCell(column).numFmt = "0.00";
  });
  const detail = workbook.addWorksheet("得分明细");
  detail.columns = [20, 18, 24, 8, 14, 10, 10, 10].map((width) => ({ width }));
  detail.addRow(["区块名称", "区块编号", "指标", "类型", "指标值", "标准化", "权重%", "得分"]).font = {
    bold: true,
  };
  for (const row of notice.rows) {
    for (const points of row.breakdown) {
      const added = detail.addRow([
        row.name,
        row.code ?? "",
        indicatorName(points.key),
        points.kind === "base" ? "基础" : "加分",
        points.raw ?? "缺失",
        points.normalised ?? "",
        points.weightPercent,
        points.points,
      ]);
      added.getCell(6).numFmt = "0.0000";
      added.getCell(8).numFmt = "0.00";
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function approvalLine(approval: NoticeApproval): string {
  const reference = approval.reference ? `（${approval.reference}）` : "";
  const date = approval.approvedOn ? `，${approval.approvedOn}` : "";
  return `${approval.year}年度综合评价结果已报市人民政府审定${reference}${date}。示意，非正式文件。`;
}
