import PDFDocument from "pdfkit";
import {
  categoryWords,
  type DistrictNotice,
  indicatorName,
  type NoticeRow,
  noticeTitle,
  rankWords,
} from "../domain/evaluation-notice.js";
import type { CjkFont } from "./block-map-pdf.js";
import { approvalLine, type NoticeApproval } from "./evaluation-notice-workbook.js";

/**
 * A district's 通报 as a printable A4 letter (pdfkit with the CJK font the maps use): subject, addressee (区人民政府),
 * the approval it follows, the table of its blocks (rank in category, score, bottom 5%, 整改、退出), then each
 * block's score breakdown; a 示意 footer on every page.
 */
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const BOTTOM = PAGE.height - 70;
const COLUMNS = [
  { title: "区块", width: 120 },
  { title: "类别", width: 70 },
  { title: "排名", width: 50 },
  { title: "得分", width: 45 },
  { title: "后5%", width: 35 },
  { title: "整改、退出情况", width: 175 },
] as const;

export function noticePdf(
  notice: DistrictNotice,
  approval: NoticeApproval,
  font: CjkFont,
  generatedOn: string,
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: `${noticeTitle(approval.year)}（${notice.district}）` },
  });
  const done = new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  doc.registerFont("cjk", font.data, font.family as string);
  doc.font("cjk");
  const width = PAGE.width - 2 * PAGE.margin;
  doc.fontSize(16).text(noticeTitle(approval.year), { align: "center", width });
  doc.moveDown(1);
  doc.fontSize(11).text(`${notice.district}人民政府：`);
  doc.moveDown(0.5);
  doc
    .fontSize(10.5)
    .text(
      `　　${approvalLine(approval).replace("。示意，非正式文件。", "。")}根据《北京市高新技术产业开发区认定与管理办法（试行）》第三部分（管理考核），` +
        `现将贵区${notice.rows.length}个区块的综合评价结果通报如下。对排名后5%的区块责令整改，整改后仍不达标的，退出市级高新区序列。`,
      { width, lineGap: 3 },
    );
  doc.moveDown(1);
  drawTable(doc, notice.rows);
  doc.moveDown(1);
  doc.fontSize(11).text("各区块得分明细", PAGE.margin, doc.y);
  doc.moveDown(0.3);
  for (const row of notice.rows) drawBreakdown(doc, row);
  const pages = doc.bufferedPageRange();
  for (let index = 0; index < pages.count; index++) {
    doc.switchToPage(pages.start + index);
    // The footer sits in the bottom margin: without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor("#cc0000");
    doc.text(
      `示意：平台生成的通报材料，非正式文件。生成日期 ${generatedOn} · 第 ${index + 1} / ${pages.count} 页`,
      PAGE.margin,
      PAGE.height - 45,
      { width, align: "center", lineBreak: false },
    );
    doc.fillColor("#000");
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, rows: NoticeRow[]): void {
  const header = COLUMNS.map((column) => column.title);
  let y = drawRow(doc, header, doc.y, true);
  for (const row of rows) {
    const cells = [
      `${row.name}${row.code ? `\n${row.code}` : ""}\n${row.parkName}`,
      categoryWords(row.category),
      rankWords(row),
      row.score.toFixed(2),
      row.bottom5 ? "是" : "否",
      row.outcome || "—",
    ];
    if (y + rowHeight(doc, cells) > BOTTOM) {
      doc.addPage();
      y = drawRow(doc, header, PAGE.margin, true);
    }
    y = drawRow(doc, cells, y, false);
  }
  doc.x = PAGE.margin;
  doc.y = y + 4;
}

function rowHeight(doc: PDFKit.PDFDocument, cells: string[]): number {
  doc.fontSize(8.5);
  return Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i].width - 6 }))) + 8;
}

function drawRow(doc: PDFKit.PDFDocument, cells: string[], y: number, bold: boolean): number {
  const height = rowHeight(doc, cells);
  let x = PAGE.margin;
  cells.forEach((cell, i) => {
    const columnWidth = COLUMNS[i].width;
    if (bold) doc.rect(x, y, columnWidth, height).fill("#eeeeee");
    doc.rect(x, y, columnWidth, height).lineWidth(0.4).stroke("#888888");
    doc
      .fillColor("#000")
      .fontSize(8.5)
      .text(cell, x + 3, y + 4, { width: columnWidth - 6 });
    x += columnWidth;
  });
  return y + height;
}

function drawBreakdown(doc: PDFKit.PDFDocument, row: NoticeRow): void {
  const parts = row.breakdown.map(
    (points) =>
      `${indicatorName(points.key)} ${points.raw === null ? "缺失" : points.points.toFixed(2)}/${points.weightPercent}`,
  );
  const text = `${row.name}：综合得分 ${row.score.toFixed(2)}（基础 ${row.baseScore.toFixed(2)}，加分 ${row.bonusScore.toFixed(2)}）。${parts.join("；")}`;
  doc.fontSize(8.5);
  const height = doc.heightOfString(text, { width: PAGE.width - 2 * PAGE.margin });
  if (doc.y + height > BOTTOM) doc.addPage();
  doc.text(text, PAGE.margin, doc.y, { width: PAGE.width - 2 * PAGE.margin, lineGap: 2 });
  doc.moveDown(0.4);
}
