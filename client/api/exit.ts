import type { StoredRectificationReport } from "../../server/db/rectification-store.js";
import type { ExitDecisionView } from "../../server/schemas/exit.js";
import { type ApiResult, getJson, sendJson } from "./request.js";

export type { ExitDecisionView };

/** GET /api/blocks/:id/exit-decision (DOMAIN.md §4.5). */
export function fetchExitDecision(id: number, signal?: AbortSignal): Promise<ApiResult<ExitDecisionView>> {
  return getJson(`/api/blocks/${id}/exit-decision`, signal);
}

/** One 责令整改 record (GET /api/evaluations/rectifications): the year ordered, the year that judged it, outcome. */
export interface RectificationRow {
  id: number;
  blockId: number;
  orderedYear: number;
  outcome: "open" | "passed" | "failed";
  judgedYear: number | null;
  /** 整改报告 recorded on it, oldest first. */
  reports: RectificationReport[];
}

/** One 整改报告 (the server's stored shape). */
export type RectificationReport = StoredRectificationReport;

/** POST /api/evaluations/rectifications/:id/reports: a district's 整改报告 on an open record. */
export function recordRectificationReport(
  rectificationId: number,
  body: { report: string; reportedOn: string; reporter: string },
): Promise<ApiResult<RectificationReport>> {
  return sendJson("POST", `/api/evaluations/rectifications/${rectificationId}/reports`, body);
}

export function fetchRectifications(
  blockId: number,
  signal?: AbortSignal,
): Promise<ApiResult<{ rectifications: RectificationRow[] }>> {
  return getJson(`/api/evaluations/rectifications?blockId=${blockId}`, signal);
}

export function fetchAllRectifications(
  signal?: AbortSignal,
): Promise<ApiResult<{ rectifications: RectificationRow[] }>> {
  return getJson("/api/evaluations/rectifications", signal);
}
