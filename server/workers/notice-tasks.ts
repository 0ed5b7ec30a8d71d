import type { DistrictNotice } from "../domain/evaluation-notice.js";
import { findCjkFont } from "../formats/block-map-pdf.js";
import { noticePdf } from "../formats/evaluation-notice-pdf.js";
import { type NoticeApproval, noticeWorkbook } from "../formats/evaluation-notice-workbook.js";

/** What one district's 通报 documents are made from (plain data: it crosses the thread boundary by clone). */
export interface NoticeDocumentsInput {
  notice: DistrictNotice;
  approval: NoticeApproval;
  /** The date printed in the PDF's footer (YYYY-MM-DD), the same for every district of one 通报. */
  generatedOn: string;
}

export interface NoticeDocuments {
  xlsx: Uint8Array;
  pdf: Uint8Array;
}

/**
 * One district's 通报: its XLSX table and its PDF letter (issue #14: pdfkit and exceljs are CPU work that, on the
 * event loop, stalled every request while the 通报 job ran). Run as the pool task "notice-documents" by the job,
 * or here in-process for the benchmark's baseline. The worker reads the CJK font itself (once per worker).
 */
export async function noticeDocumentsTask(input: NoticeDocumentsInput): Promise<NoticeDocuments> {
  const font = await findCjkFont();
  if (!font) throw new Error("No CJK font is installed (Debian fonts-noto-cjk): the PDF letters need one.");
  const xlsx = await noticeWorkbook(input.notice, input.approval);
  const pdf = await noticePdf(input.notice, input.approval, font, input.generatedOn);
  return { xlsx, pdf };
}
