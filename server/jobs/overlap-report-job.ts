import type { OverlapReportStore, ReportSelection } from "../db/overlap-report-store.js";
import type { ZoneKind } from "../domain/layers.js";
import {
  OVERLAP_REPORT_CRS,
  OVERLAP_REPORT_METHOD,
  type OverlapReportMeta,
  type OverlapReportRow,
  overlapReportRow,
} from "../domain/overlap-report.js";
import type { JobKind } from "./job-runner.js";

export const OVERLAP_REPORT_JOB = "overlap-report";

/** What `POST /api/reports/overlaps` stores as the job's params. */
export interface OverlapReportParams {
  selection: ReportSelection;
  layers: ZoneKind[];
}

/** The job's result: the header facts and every row (downloaded as XLSX, CSV or JSON). */
export interface OverlapReport {
  meta: OverlapReportMeta;
  rows: OverlapReportRow[];
}

/** Blocks read per page: progress and a cancel are seen between pages. */
const PAGE_SIZE = 1000;

/**
 * The report is a read of the overlap tables the writes keep fresh (migration 07): no overlay runs here, so the
 * whole Beijing data set is a few pages of reads.
 */
export function overlapReportJob(store: OverlapReportStore): JobKind {
  return {
    resumable: true,
    run: async ({ job, progress }) => {
      const params = job.params as unknown as OverlapReportParams;
      const total = await store.count(params.selection);
      const rows: OverlapReportRow[] = [];
      await progress(0, total, "reading");
      let afterId = 0;
      for (;;) {
        const page = await store.page(params.selection, params.layers, afterId, PAGE_SIZE);
        if (page.length === 0) break;
        for (const facts of page) rows.push(overlapReportRow(facts, params.layers));
        afterId = page[page.length - 1].blockId;
        await progress(rows.length, total, "reading");
      }
      const report: OverlapReport = {
        meta: {
          crs: OVERLAP_REPORT_CRS,
          method: OVERLAP_REPORT_METHOD,
          createdAt: new Date().toISOString(),
          layers: params.layers,
          blockCount: rows.length,
        },
        rows,
      };
      return { summary: report };
    },
  };
}
