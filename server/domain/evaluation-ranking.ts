/**
 * 排名 与 后5% — the ranking of one category and its bottom 5% (《管理办法》第三部分 · 综合评价、动态调整).
 *
 * - Ranked blocks: those with every indicator present, and — under the missingDataPolicy "count-as-lowest" —
 *   also those with missing data (their missing indicators score 0). Others are listed after them, rank null.
 * - Ties: equal scores (rounded, evaluation-score.ts) share the best rank of the group and the next rank
 *   skips ("1, 2, 2, 4" — standard competition ranking). Display order within a tie: name, then id.
 * - Bottom 5% (对排名后5%的区块责令整改): only blocks that can be adjusted are in it — municipal blocks not in an
 *   ecological transition; national blocks are ranked and shown but skipped (动态调整 is the municipal zones').
 *   k = 5% of n rounded by the bottomShareRounding setting, at least 1 when n ≥ 1, where n is, by the
 *   bottomShareBase setting, every ranked block ("all-ranked", default) or the ranked blocks that can be
 *   adjusted ("municipal-only"). The bottom set is every adjustable block at or below the k-th lowest
 *   adjustable score: a tie at the boundary brings every tied block in (the result says both).
 */
import type { PolicySettings } from "./settings.js";

export const BOTTOM_SHARE_PERCENT = 5; // 第三部分 · 动态调整: 排名后5%

export type BottomShareRounding = PolicySettings["bottomShareRounding"];
export type BottomShareBase = PolicySettings["bottomShareBase"];

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

/** Why a ranked block cannot be in the bottom 5% (null: it can). */
export type BottomExemption = "national" | "transition" | null;

export interface RankInput {
  blockId: number;
  score: number;
  /** Whether the block takes a rank (complete data, or missing data counted as lowest). */
  ranked: boolean;
  exempt: BottomExemption;
  /** Display order within a tie. */
  name: string;
}

export interface RankedBlock {
  blockId: number;
  rank: number | null;
  bottom5: boolean;
}

export interface CategoryRanking {
  /** Ranked blocks best first, then the unranked ones. */
  order: RankedBlock[];
  rankedCount: number;
  /** n of the 5% rule (by bottomShareBase). */
  bottomPoolCount: number;
  /** k: 5% of n as rounded. */
  bottomCount: number;
  /** The bottom set (k adjustable blocks, more when tied at the boundary). */
  bottomBlockIds: number[];
}

export interface BottomRules {
  rounding: BottomShareRounding;
  base: BottomShareBase;
}

export function rankCategory(inputs: readonly RankInput[], rules: BottomRules): CategoryRanking {
  const byScore = (a: RankInput, b: RankInput) =>
    b.score - a.score || a.name.localeCompare(b.name, "zh-CN") || a.blockId - b.blockId;
  const ranked = inputs.filter((input) => input.ranked).sort(byScore);
  const unranked = inputs
    .filter((input) => !input.ranked)
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.blockId - b.blockId);

  const adjustable = ranked.filter((input) => input.exempt === null);
  const n = rules.base === "all-ranked" ? ranked.length : adjustable.length;
  const k = Math.min(bottomCount(n, rules.rounding), adjustable.length);
  const lowestFirst = [...adjustable].sort((a, b) => a.score - b.score);
  const threshold = k > 0 ? lowestFirst[k - 1].score : Number.NEGATIVE_INFINITY;
  const bottom = new Set(
    adjustable.filter((input) => input.score <= threshold).map((input) => input.blockId),
  );

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
    bottomPoolCount: n,
    bottomCount: k,
    bottomBlockIds: order.filter((entry) => entry.bottom5).map((entry) => entry.blockId),
  };
}
