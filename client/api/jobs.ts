import type { Static } from "typebox";
import type { OverlapReportMeta, OverlapReportRow } from "../../server/domain/overlap-report.js";
import type { JobBody, overlapReportSchema } from "../../server/schemas/jobs.js";
import { type ApiResult, getJson, request, sendJson } from "./request.js";

export type Job = Static<typeof JobBody>;
export type OverlapReportRequest = Static<typeof overlapReportSchema.body>;
export type { OverlapReportRow };
/** The job's result (server/jobs/overlap-report-job.ts): the header facts and every row. */
export interface OverlapReport {
  meta: OverlapReportMeta;
  rows: OverlapReportRow[];
}

/** POST /api/reports/overlaps → 202 with the queued job. */
export function startOverlapReport(body: OverlapReportRequest): Promise<ApiResult<Job>> {
  return sendJson("POST", "/api/reports/overlaps", body);
}

export function fetchJob(id: number, signal?: AbortSignal): Promise<ApiResult<Job>> {
  return getJson(`/api/jobs/${id}`, signal);
}

/** DELETE /api/jobs/:id: cancels a queued or running job (409 `job-finished` once it has ended). */
export function cancelJob(id: number): Promise<ApiResult<Job>> {
  return request("DELETE", `/api/jobs/${id}`);
}

export function fetchOverlapReport(id: number, signal?: AbortSignal): Promise<ApiResult<OverlapReport>> {
  return getJson(`/api/jobs/${id}/result`, signal);
}

/** Where the browser downloads a succeeded report as a file. */
export function overlapReportFileUrl(id: number, format: "xlsx" | "csv"): string {
  return `/api/jobs/${id}/result?format=${format}`;
}
