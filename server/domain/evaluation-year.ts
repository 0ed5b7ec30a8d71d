/**
 * 年度综合评价 — one year's evaluation: which blocks take part, their scores per category, ranks and the bottom 5%.
 *
 * Who takes part (§4.1: national and municipal blocks are evaluated together): every block that was a member
 * of the zones at the end of the year — status recognized, rectifying or reduced. Candidates and applied
 * blocks are not members yet; ended blocks no longer are. Categories A/B come from the block's park (§4.2).
 */
import type { BlockLevel, BlockStatus } from "./block.js";
import type { EvaluationConfig } from "./evaluation-config.js";
import { deriveIndicators, type IndicatorInputs, type IndicatorKey } from "./evaluation-indicators.js";
import { type BottomShareRounding, rankCategory } from "./evaluation-ranking.js";
import { type IndicatorPoints, scoreCategory } from "./evaluation-score.js";

export const EVALUATED_STATUSES: readonly BlockStatus[] = ["recognized", "rectifying", "reduced"];
export const CATEGORIES = ["A", "B"] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  A: { zh: "城六区与亦庄", en: "Central districts & Yizhuang" },
  B: { zh: "其他分园", en: "Other sub-parks" },
};

export interface EvaluationBlock {
  blockId: number;
  code: string | null;
  name: string;
  park: { id: number; code: string; name: string };
  category: Category;
  level: BlockLevel;
  /** Status now. */
  status: BlockStatus;
  /** Status at the end of the evaluated year: decides whether the block takes part. */
  statusAtYearEnd: BlockStatus;
  /** Stored ellipsoidal area at the end of the year, km² (the divisor of 地均产出). */
  areaKm2: number;
  inputs: IndicatorInputs | undefined;
  /** In an ecological transition at the end of the year (§4.4). */
  inTransition: boolean;
}

export interface RankingEntry {
  blockId: number;
  code: string | null;
  name: string;
  park: { id: number; code: string; name: string };
  level: BlockLevel;
  status: BlockStatus;
  areaKm2: number;
  score: number;
  baseScore: number;
  bonusScore: number;
  rank: number | null;
  bottom5: boolean;
  complete: boolean;
  missing: IndicatorKey[];
  /** Why the block cannot be in the bottom 5% this year (null: it can). */
  exempt: "transition" | null;
  breakdown: IndicatorPoints[];
}

export interface CategorySummary {
  label: { zh: string; en: string };
  /** Blocks taking part. */
  blocks: number;
  ranked: number;
  incomplete: number;
  /** n of the bottom-5% rule (ranked and not exempt) and k = its 5%, rounded. */
  bottomPool: number;
  bottomCount: number;
  bottom5: number[];
}

export interface YearEvaluation {
  categories: Record<Category, RankingEntry[]>;
  summary: Record<Category, CategorySummary>;
}

export function isEvaluated(block: Pick<EvaluationBlock, "statusAtYearEnd">): boolean {
  return EVALUATED_STATUSES.includes(block.statusAtYearEnd);
}

export function evaluateYear(
  blocks: readonly EvaluationBlock[],
  config: EvaluationConfig,
  rounding: BottomShareRounding,
): YearEvaluation {
  const categories = {} as Record<Category, RankingEntry[]>;
  const summary = {} as Record<Category, CategorySummary>;
  for (const category of CATEGORIES) {
    const members = blocks.filter((block) => block.category === category && isEvaluated(block));
    const scores = scoreCategory(
      members.map((block) => ({
        blockId: block.blockId,
        indicators: deriveIndicators(block.inputs, block.areaKm2),
      })),
      config.weightsPercent,
      config.method,
    );
    const exemptOf = (block: EvaluationBlock) =>
      config.exemptTransitionBlocks && block.inTransition ? ("transition" as const) : null;
    const ranking = rankCategory(
      members.map((block, position) => ({
        blockId: block.blockId,
        score: scores[position].score,
        complete: scores[position].complete,
        exempt: exemptOf(block),
        name: block.name,
      })),
      rounding,
    );
    const byId = new Map(
      members.map((block, position) => [block.blockId, { block, score: scores[position] }]),
    );
    categories[category] = ranking.order.map(({ blockId, rank, bottom5 }): RankingEntry => {
      const { block, score } = byId.get(blockId) as {
        block: EvaluationBlock;
        score: (typeof scores)[number];
      };
      return {
        blockId,
        code: block.code,
        name: block.name,
        park: block.park,
        level: block.level,
        status: block.status,
        areaKm2: block.areaKm2,
        score: score.score,
        baseScore: score.baseScore,
        bonusScore: score.bonusScore,
        rank,
        bottom5,
        complete: score.complete,
        missing: score.missing,
        exempt: exemptOf(block),
        breakdown: score.breakdown,
      };
    });
    summary[category] = {
      label: CATEGORY_LABELS[category],
      blocks: members.length,
      ranked: ranking.rankedCount,
      incomplete: members.length - ranking.rankedCount,
      bottomPool: ranking.bottomPoolCount,
      bottomCount: ranking.bottomCount,
      bottom5: ranking.bottomBlockIds,
    };
  }
  return { categories, summary };
}
