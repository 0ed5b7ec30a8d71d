/**
 * 优先推荐纳入国家高新区 (《管理办法》第三部分 · 梯度发展: 对于市级高新区范围内综合评价结果好的区块，优先推荐纳入国家高新区范围):
 * staff record, for an approved year, which blocks they recommend, each with its reason; a later revision of the
 * same year replaces the list (every revision kept, with who, when and why).
 *
 * Decisions where the text is silent: only a year 审定 can be recommended from, over its ranking frozen at 报审;
 * a recommended block is a municipal block of that ranking, ranked (complete data), not in the bottom 5% and not
 * under rectification then; the platform's rule (evaluation-recommendations.ts, top P%) is a suggestion — a block
 * outside it may be recommended, marked `inRule: false`, and every block needs its reason; an empty list (every
 * recommendation withdrawn) is a revision too.
 */
import { recommendedForNational } from "./evaluation-recommendations.js";
import { CATEGORIES, type Category, type RankingEntry, type YearEvaluation } from "./evaluation-year.js";

export interface RecommendationRequest {
  blockId: number;
  reason: string;
}

export interface RecommendedBlock {
  blockId: number;
  code: string | null;
  name: string;
  parkName: string;
  category: Category;
  rank: number;
  rankedInCategory: number;
  score: number;
  /** Within the platform's top-P% rule of the year. */
  inRule: boolean;
  reason: string;
}

export type RecommendationProblem = { blockId: number; problem: string };

export function checkRecommendations(
  evaluation: YearEvaluation,
  requests: readonly RecommendationRequest[],
  topPercent: number,
): { ok: true; blocks: RecommendedBlock[] } | { ok: false; problems: RecommendationProblem[] } {
  const entries = new Map<number, { entry: RankingEntry; ranked: number; inRule: boolean }>();
  for (const category of CATEGORIES) {
    const list = evaluation.categories[category];
    const ranked = evaluation.summary[category].ranked;
    const rule = new Set(recommendedForNational(list, ranked, topPercent).recommended.map((e) => e.blockId));
    for (const entry of list) entries.set(entry.blockId, { entry, ranked, inRule: rule.has(entry.blockId) });
  }
  const problems: RecommendationProblem[] = [];
  const blocks: RecommendedBlock[] = [];
  const seen = new Set<number>();
  for (const request of requests) {
    const found = entries.get(request.blockId);
    const problem = seen.has(request.blockId)
      ? "named twice"
      : !found
        ? "not in the year's frozen ranking"
        : found.entry.level !== "municipal"
          ? "a national block (only municipal blocks are recommended)"
          : found.entry.rank === null
            ? "not ranked (incomplete data)"
            : found.entry.bottom5
              ? "in the bottom 5%"
              : found.entry.status === "rectifying"
                ? "under rectification"
                : request.reason.trim() === ""
                  ? "no reason given"
                  : null;
    seen.add(request.blockId);
    if (problem || !found || found.entry.rank === null) {
      problems.push({ blockId: request.blockId, problem: problem ?? "not ranked" });
      continue;
    }
    const { entry } = found;
    blocks.push({
      blockId: entry.blockId,
      code: entry.code,
      name: entry.name,
      parkName: entry.park.name,
      category: entry.category,
      rank: entry.rank as number,
      rankedInCategory: found.ranked,
      score: entry.score,
      inRule: found.inRule,
      reason: request.reason.trim(),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, blocks };
}
