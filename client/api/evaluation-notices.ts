import type { Static } from "typebox";
import type { listNoticesSchema } from "../../server/schemas/evaluation-notices.js";
import type {
  createRevisionSchema,
  listRevisionsSchema,
} from "../../server/schemas/recommendation-revisions.js";
import type { Job } from "./jobs.js";
import { type ApiResult, getJson, sendJson } from "./request.js";

/** GET /api/evaluations/:year/notices: the year's state, the 通报 made (newest first), the account's districts. */
export type NoticeList = Static<(typeof listNoticesSchema.response)[200]>;
export type Notice = NoticeList["notices"][number];

export function fetchNotices(year: number, signal?: AbortSignal): Promise<ApiResult<NoticeList>> {
  return getJson(`/api/evaluations/${year}/notices`, signal);
}

/** POST /api/evaluations/:year/notices → 202 with the job (409 year-not-approved before 审定). */
export function startNotices(year: number): Promise<ApiResult<Job>> {
  return sendJson("POST", `/api/evaluations/${year}/notices`, {});
}

/** Where the browser downloads a district's document of a notice. */
export function noticeFileUrl(noticeId: number, district: string, format: "xlsx" | "pdf"): string {
  return `/api/evaluations/notices/${noticeId}/file?district=${encodeURIComponent(district)}&format=${format}`;
}

/** GET /api/evaluations/:year/recommendation-revisions: the list in force (latest revision) and every revision. */
export type RevisionList = Static<(typeof listRevisionsSchema.response)[200]>;
export type Revision = RevisionList["revisions"][number];
export type RevisionRequest = Static<typeof createRevisionSchema.body>;

export function fetchRevisions(year: number, signal?: AbortSignal): Promise<ApiResult<RevisionList>> {
  return getJson(`/api/evaluations/${year}/recommendation-revisions`, signal);
}

/** POST → 201 with the revision (409 year-not-approved / not-recommendable naming each block's problem). */
export function createRevision(year: number, body: RevisionRequest): Promise<ApiResult<Revision>> {
  return sendJson("POST", `/api/evaluations/${year}/recommendation-revisions`, body);
}

export function revisionsExportUrl(year: number): string {
  return `/api/evaluations/${year}/recommendation-revisions/export`;
}
