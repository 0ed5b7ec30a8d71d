import type { Static } from "typebox";
import type { listNoticesSchema } from "../../server/schemas/evaluation-notices.js";
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
