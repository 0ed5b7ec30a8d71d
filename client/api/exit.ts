import type { ExitDecisionView } from "../../server/schemas/exit.js";
import { type ApiResult, getJson } from "./request.js";

export type { ExitDecisionView };

/** GET /api/blocks/:id/exit-decision (DOMAIN.md §4.5). */
export function fetchExitDecision(id: number, signal?: AbortSignal): Promise<ApiResult<ExitDecisionView>> {
  return getJson(`/api/blocks/${id}/exit-decision`, signal);
}
