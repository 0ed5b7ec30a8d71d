import type { Transition, TransitionList } from "../../server/schemas/evaluation-transitions.js";
import type {
  EvaluationWeights,
  Ranking,
  RankingRow,
  Recommendations,
  ScoreBreakdownItem,
} from "../../server/schemas/evaluations.js";
import { type ApiResult, getJson } from "./request.js";

export type { EvaluationWeights, Ranking, RankingRow, Recommendations, ScoreBreakdownItem, Transition };
/** One block's rank before and after a what-if (Ranking.comparison). */
export type RankChange = NonNullable<Ranking["comparison"]>["categories"]["A"]["changes"][number];

export function fetchRanking(
  year: number,
  whatIfWeights?: Record<string, number>,
  signal?: AbortSignal,
): Promise<ApiResult<Ranking>> {
  const weights = whatIfWeights
    ? `?weights=${encodeURIComponent(
        Object.entries(whatIfWeights)
          .map(([key, value]) => `${key}:${value}`)
          .join(","),
      )}`
    : "";
  return getJson(`/api/evaluations/${year}/ranking${weights}`, signal);
}

export function fetchWeights(year: number, signal?: AbortSignal): Promise<ApiResult<EvaluationWeights>> {
  return getJson(`/api/evaluations/${year}/weights`, signal);
}

export function fetchTransitions(signal?: AbortSignal): Promise<ApiResult<TransitionList>> {
  return getJson("/api/evaluations/transitions", signal);
}

/** Municipal blocks recommended first for the national zone (§4.3), GET /api/evaluations/:year/recommendations. */
export function fetchRecommendations(
  year: number,
  signal?: AbortSignal,
): Promise<ApiResult<Recommendations>> {
  return getJson(`/api/evaluations/${year}/recommendations`, signal);
}
