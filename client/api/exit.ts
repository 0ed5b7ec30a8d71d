import type { ExitDecisionView } from "../../server/schemas/exit.js";
import { type ApiResult, getJson } from "./request.js";

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
