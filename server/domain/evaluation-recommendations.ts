/**
 * 优先推荐 — municipal blocks recommended first for the national high-tech zone when the national catalogue is
 * revised (DOMAIN.md §4.3: "综合评价结果好的区块"). The policy does not say what "good" means; our rule:
 *
 *   a municipal block is recommended when its rank in its category's full ranking (national and municipal
 *   blocks together) is within the top P% of the ranked blocks — t = ceil(P% × n) positions, at least 1 —
 *   its data are complete, and it is neither in the bottom 5% nor under rectification.
 *
 * P is `recommendationTopPercent` of the year's evaluation config (data, default 20).
 */
import type { BlockLevel, BlockStatus } from "./block.js";

export interface RecommendationCandidate {
  blockId: number;
  level: BlockLevel;
  status: BlockStatus;
  rank: number | null;
  bottom5: boolean;
}

/** The number of top positions: ceil(P% × n), at least 1 when n ≥ 1. */
export function topPositions(rankedCount: number, topPercent: number): number {
  if (rankedCount <= 0) return 0;
  // The small epsilon keeps 20% of 20 at exactly 4 despite floating point.
  return Math.max(1, Math.ceil((rankedCount * topPercent) / 100 - 1e-9));
}

export function recommendedForNational<T extends RecommendationCandidate>(
  entries: readonly T[],
  rankedCount: number,
  topPercent: number,
): { topPositions: number; recommended: T[] } {
  const top = topPositions(rankedCount, topPercent);
  const recommended = entries.filter(
    (entry) =>
      entry.level === "municipal" &&
      entry.rank !== null &&
      entry.rank <= top &&
      !entry.bottom5 &&
      entry.status !== "rectifying",
  );
  return { topPositions: top, recommended };
}
