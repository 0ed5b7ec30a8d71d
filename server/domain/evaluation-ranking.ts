/**
 * 排名 与 后5% — the ranking of one category and its bottom 5% (DOMAIN.md §4.2–4.3).
 *
 * - Only complete blocks (every indicator present) are ranked; incomplete ones are listed after them with
 *   rank null, so missing data can neither push a block down nor hide it silently.
 * - Ties: equal scores (rounded, evaluation-score.ts) share the best rank of the group and the next rank
 *   skips ("1, 2, 2, 4" — standard competition ranking). Display order within a tie: name, then id.
 * - Bottom 5%: k = 5% of n rounded by the `bottomShareRounding` setting, at least 1 when n ≥ 1, where n is the
 *   number of ranked blocks that can be flagged (blocks exempt because of an ecological transition are not
 *   counted). The bottom set is every such block whose score is at or below the k-th lowest score: a tie at
 *   the boundary brings every tied block in, so the set can be larger than k (the result says both).
 */
import type { PolicySettings } from "./settings.js";

export const BOTTOM_SHARE_PERCENT = 5; // §4.3: 排名后5%

export type BottomShareRounding = PolicySettings["bottomShareRounding"];

/** How many blocks make the bottom 5% of n: 5% of n rounded as set, at least 1 when n ≥ 1. */
export function bottomCount(n: number, rounding: BottomShareRounding): number {
  if (n <= 0) return 0;
  // Integer arithmetic in hundredths: 5% of 60 must be exactly 3, not 3.0000000000000004.
  const hundredths = n * BOTTOM_SHARE_PERCENT;
  const whole = Math.floor(hundredths / 100);
  const remainder = hundredths % 100;
  let count: number;
  switch (rounding) {
    case "floor":
      count = whole;
      break;
    case "ceil":
      count = remainder > 0 ? whole + 1 : whole;
      break;
    case "round":
      count = remainder >= 50 ? whole + 1 : whole;
      break;
  }
  return Math.max(1, count);
}

export interface RankInput {
  blockId: number;
  score: number;
  complete: boolean;
  /** Why the block cannot be in the bottom 5% this year (null: it can). */
  exempt: "transition" | null;
  /** Display order within a tie. */
  name: string;
}

export interface RankedBlock {
  blockId: number;
  rank: number | null;
  bottom5: boolean;
}

export interface CategoryRanking {
  /** Ranked blocks best first, then the unranked (incomplete) ones. */
  order: RankedBlock[];
  rankedCount: number;
  /** n of the bottom-5% rule: ranked blocks that are not exempt. */
  bottomPoolCount: number;
  /** k: 5% of n as rounded. */
  bottomCount: number;
  /** The bottom set (k blocks, more when tied at the boundary). */
  bottomBlockIds: number[];
}

export function rankCategory(inputs: readonly RankInput[], rounding: BottomShareRounding): CategoryRanking {
  const byScore = (a: RankInput, b: RankInput) =>
    b.score - a.score || a.name.localeCompare(b.name, "zh-CN") || a.blockId - b.blockId;
  const ranked = inputs.filter((input) => input.complete).sort(byScore);
  const unranked = inputs
    .filter((input) => !input.complete)
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.blockId - b.blockId);

  const pool = ranked.filter((input) => input.exempt === null);
  const k = bottomCount(pool.length, rounding);
  const lowestFirst = [...pool].sort((a, b) => a.score - b.score);
  const threshold = k > 0 ? lowestFirst[k - 1].score : Number.NEGATIVE_INFINITY;
  const bottom = new Set(pool.filter((input) => input.score <= threshold).map((input) => input.blockId));

  const order: RankedBlock[] = [
    ...ranked.map((input) => ({
      blockId: input.blockId,
      rank: 1 + ranked.filter((other) => other.score > input.score).length,
      bottom5: bottom.has(input.blockId),
    })),
    ...unranked.map((input) => ({ blockId: input.blockId, rank: null, bottom5: false })),
  ];
  return {
    order,
    rankedCount: ranked.length,
    bottomPoolCount: pool.length,
    bottomCount: k,
    bottomBlockIds: order.filter((entry) => entry.bottom5).map((entry) => entry.blockId),
  };
}
