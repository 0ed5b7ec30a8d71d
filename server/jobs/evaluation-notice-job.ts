import { zipSync } from "fflate";
import type { Stores } from "../app-context.js";
import type { AuditActor } from "../db/audit-store.js";
import { districtNotices } from "../domain/evaluation-notice.js";
import { hasCjkFont } from "../formats/block-map-pdf.js";
import type { NoticeApproval } from "../formats/evaluation-notice-workbook.js";
import {
  type NoticeDocuments,
  type NoticeDocumentsInput,
  noticeDocumentsTask,
} from "../workers/notice-tasks.js";
import { workerPool } from "../workers/worker-pool.js";
import { COMMITTED, type JobKind } from "./job-runner.js";

export const EVALUATION_NOTICE_JOB = "evaluation-notice";

/** What `POST /api/evaluations/:year/notices` stores as the job's params. */
export interface EvaluationNoticeParams {
  year: number;
  /** Who asked (the audit row of the 通报 names them). */
  audit: AuditActor;
}

/** The names of a district's two documents, inside the zip and as downloads. */
export function noticeFileName(year: number, district: string, format: "xlsx" | "pdf"): string {
  return `${year}年度综合评价结果通报_${district}.${format}`;
}

/** The zip of every district's 通报 (sent with an RFC 6266 `filename*`, so the Chinese name survives). */
export function noticeZipName(year: number): string {
  return `${year}年度综合评价结果通报.zip`;
}

/** Where the documents are rendered: the worker pool (the app's), or the event loop (the benchmark's baseline). */
export type NoticeRendering = "workers" | "event-loop";

interface NoticeRenderer {
  documents(input: NoticeDocumentsInput): Promise<NoticeDocuments>;
  zip(files: Record<string, Uint8Array>): Promise<Uint8Array>;
}

/**
 * Limits per task: one district's two documents 60 s / 256 MB (a district of the demo takes ~0.3 s), the zip
 * 5 min / 1 GB (the catalogue package's zip limits).
 */
const RENDERERS: Record<NoticeRendering, NoticeRenderer> = {
  workers: {
    documents: (input) =>
      workerPool().run<NoticeDocuments>("notice-documents", input, {
        timeoutMs: 60_000,
        maxOldGenerationSizeMb: 256,
      }),
    zip: (files) =>
      workerPool().run<Uint8Array>("zip-files", files, { timeoutMs: 300_000, maxOldGenerationSizeMb: 1024 }),
  },
  "event-loop": {
    documents: noticeDocumentsTask,
    zip: async (files) => zipSync(files),
  },
};

/**
 * 通报 of an approved year (《管理办法》第三部分 · 管理考核: 评价结果报市人民政府审定后，向各区人民政府通报) as a job: per district
 * an XLSX table and a PDF letter from the ranking frozen at 报审, all zipped; the notice (who, when, which
 * districts) and each district's documents are written with the audit row and the job's success in one
 * transaction. A write, so a server that stopped midway fails it with the reason (nothing was written).
 * The documents and the zip are made in the worker pool (issue #14), so requests are answered meanwhile.
 */
export function evaluationNoticeJob(stores: Stores, rendering: NoticeRendering = "workers"): JobKind {
  const render = RENDERERS[rendering];
  return {
    resumable: false,
    run: async ({ job, progress, commitWith }) => {
      const { year, audit } = job.params as unknown as EvaluationNoticeParams;
      const status = await stores.approvals.status(year);
      const snapshot = await stores.approvals.snapshot(year);
      if (status.state !== "approved" || !snapshot) {
        throw new Error(
          `The evaluation of ${year} is ${status.state}: a 通报 needs the year approved (审定).`,
        );
      }
      if (!(await hasCjkFont()))
        throw new Error("No CJK font is installed (Debian fonts-noto-cjk): the PDF letters need one.");
      await progress(0, 1, "reading");
      const facts = await stores.notices.facts(year, snapshot.evaluation);
      const notices = districtNotices({ year, evaluation: snapshot.evaluation, ...facts });
      const approval: NoticeApproval = {
        year,
        reference: status.approved?.reference ?? null,
        approvedOn: status.approved?.approvedOn ?? null,
      };
      const generatedOn = new Date().toISOString().slice(0, 10);
      const files: { district: string; blockCount: number; xlsx: Uint8Array; pdf: Uint8Array }[] = [];
      const zipped: Record<string, Uint8Array> = {};
      for (const [index, notice] of notices.entries()) {
        await progress(index, notices.length, "documents");
        const { xlsx, pdf } = await render.documents({ notice, approval, generatedOn });
        files.push({ district: notice.district, blockCount: notice.rows.length, xlsx, pdf });
        zipped[`${notice.district}/${noticeFileName(year, notice.district, "xlsx")}`] = xlsx;
        zipped[`${notice.district}/${noticeFileName(year, notice.district, "pdf")}`] = pdf;
      }
      await progress(notices.length, notices.length, "zipping");
      const zip = await render.zip(zipped);
      const blockCount = files.reduce((sum, file) => sum + file.blockCount, 0);
      await stores.audit.audited(
        audit,
        { action: "evaluation.notify", entity: "evaluation-year", entityId: year },
        async (trx) => {
          const notice = await stores.notices.record(
            {
              year,
              jobId: job.id,
              approvalReference: approval.reference,
              approvedOn: approval.approvedOn,
              blockCount,
              actor: audit.actorName,
              files,
            },
            trx,
          );
          await commitWith(trx, {
            summary: {
              year,
              noticeId: notice.id,
              districts: notice.districts,
              blockCount,
              bytes: zip.byteLength,
            },
            file: { name: noticeZipName(year), contentType: "application/zip", body: zip },
          });
          return {
            value: notice,
            after: { year, noticeId: notice.id, districts: notice.districts, blockCount, jobId: job.id },
          };
        },
      );
      return COMMITTED;
    },
  };
}
