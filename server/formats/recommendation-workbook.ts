import ExcelJS from "exceljs";
import type { RecommendationRevision } from "../db/recommendation-store.js";
import { categoryWords } from "../domain/evaluation-notice.js";

/**
 * 优先推荐纳入国家高新区 (XLSX): sheet 推荐名单, the list in force (the latest revision) with each block's rank, score
 * and reason; sheet 修订记录, every revision (name, date, why, who, when, how many blocks).
 */
export async function recommendationWorkbook(
  year: number,
  revisions: readonly RecommendationRevision[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const current = revisions[0];
  const sheet = workbook.addWorksheet("推荐名单");
  sheet.columns = [6, 26, 18, 16, 20, 12, 10, 12, 50].map((width) => ({ width }));
  sheet.addRow([`${year}年度综合评价结果好的区块 · 优先推荐纳入国家高新区（示意，非正式文件）`]).font = {
    bold: true,
    size: 14,
  };
  sheet.addRow([current ? `${current.name}（${current.revisedOn}）` : "尚无推荐"]);
  sheet.addRow([
    "序号",
    "区块名称",
    "区块编号",
    "所属分园",
    "评价类别",
    "类别内排名",
    "综合得分",
    "符合前P%规则",
    "推荐理由",
  ]).font = {
    bold: true,
  };
  (current?.recommended ?? []).forEach((block, index) => {
    const row = sheet.addRow([
      index + 1,
      block.name,
      block.code ?? "",
      block.parkName,
      categoryWords(block.category),
      `${block.rank} / ${block.rankedInCategory}`,
      block.score,
      block.inRule ? "是" : "否",
      block.reason,
    ]);
    row.getCell(7).numFmt = "0.00";
  });
  const history = workbook.addWorksheet("修订记录");
  history.columns = [8, 30, 12, 50, 16, 22, 10].map((width) => ({ width }));
  history.addRow(["修订", "名称", "修订日期", "修订理由", "修订人", "记录时间", "区块数"]).font = {
    bold: true,
  };
  revisions.forEach((revision, index) => {
    history.addRow([
      revisions.length - index,
      revision.name,
      revision.revisedOn,
      revision.reason ?? "",
      revision.createdBy,
      revision.createdAt,
      revision.recommended.length,
    ]);
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
