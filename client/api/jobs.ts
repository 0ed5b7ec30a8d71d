import type { Static } from "typebox";
import type { OverlapReportMeta, OverlapReportRow } from "../../server/domain/overlap-report.js";
import type { exportBlocksJobSchema } from "../../server/schemas/exports.js";
import type { cataloguePackageJobSchema, JobBody, overlapReportSchema } from "../../server/schemas/jobs.js";
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

export type BlockExportRequest = Static<typeof exportBlocksJobSchema.body>;

/** POST /api/exports/blocks → 202 with the queued job (its file is the GIS file). */
export function startBlockExport(body: BlockExportRequest): Promise<ApiResult<Job>> {
  return sendJson("POST", "/api/exports/blocks", body);
}

export type CataloguePackageRequest = Static<typeof cataloguePackageJobSchema.body>;

/** POST /api/exports/catalogue-package → 202 with the queued job (its file is the zip). */
export function startCataloguePackage(body: CataloguePackageRequest): Promise<ApiResult<Job>> {
  return sendJson("POST", "/api/exports/catalogue-package", body);
}

/** A succeeded job's result (its summary), e.g. an import job's `{ importId }` or its committed blocks. */
export function fetchJobResult<T>(id: number, signal?: AbortSignal): Promise<ApiResult<T>> {
  return getJson(`/api/jobs/${id}/result`, signal);
}

/** Follows a job until it has ended (server-sent events), reporting every change; resolves with the last. */
export function followJob(job: Job, onJob: (job: Job) => void): Promise<Job> {
  onJob(job);
  if (!JOB_RUNNING_STATES.has(job.state)) return Promise.resolve(job);
  return new Promise((resolve) => {
    const stop = watchJob(job.id, (next) => {
      onJob(next);
      if (!JOB_RUNNING_STATES.has(next.state)) {
        stop();
        resolve(next);
      }
    });
  });
}

/** The signed-in account's recent jobs, newest first. */
export function fetchRecentJobs(signal?: AbortSignal): Promise<ApiResult<Job[]>> {
  return getJson("/api/jobs?limit=20", signal);
}

/** Where the browser downloads a succeeded job's file. */
export function jobFileUrl(id: number): string {
  return `/api/jobs/${id}/file`;
}

export const JOB_RUNNING_STATES: ReadonlySet<string> = new Set(["queued", "running"]);

/**
 * Follows a job through its server-sent events (`GET /api/jobs/:id/events`): `onJob` at every change until it
 * has ended. If the stream drops (a server restarting), EventSource reconnects; the returned function stops.
 */
export function watchJob(id: number, onJob: (job: Job) => void): () => void {
  const source = new EventSource(`/api/jobs/${id}/events`);
  source.addEventListener("job", (event) => {
    const job = JSON.parse((event as MessageEvent<string>).data) as Job;
    onJob(job);
    if (!JOB_RUNNING_STATES.has(job.state)) source.close();
  });
  return () => source.close();
}
