/**
 * 年度综合评价 — one year's evaluation: which blocks take part, their scores per category, ranks and the bottom 5%.
 *
 * Who takes part in year Y (《管理办法》第三部分 · 综合评价: national and municipal blocks evaluated together): a
 * block recognized on or before the end of Y (its recognition date: the recognizedOn attribute, else the day its
 * first version in force was recorded) and in force at the end of Y (recognized, rectifying or reduced in the
 * version in force then). Candidates and applications are not members yet; ended blocks no longer are.
 * Categories A/B come from the block's park (需要说明的是 二 · 分类考核).
 */
import type { BlockLevel, BlockStatus } from "./block.js";
import type { CategorySource } from "./evaluation-category.js";
import type { EvaluationConfig } from "./evaluation-config.js";
import { deriveIndicators, type IndicatorInputs, type IndicatorKey } from "./evaluation-indicators.js";
import { type BottomExemption, rankCategory } from "./evaluation-ranking.js";
import { type IndicatorPoints, scoreCategory } from "./evaluation-score.js";
import type { PolicySettings } from "./settings.js";

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
  /** Where the category comes from (evaluation-category.ts); default the park's. */
  categorySource?: CategorySource;
  categoryReason?: string | null;
  level: BlockLevel;
  /** Status now. */
  status: BlockStatus;
  /** Status at the end of the evaluated year: decides whether the block takes part. */
  statusAtYearEnd: BlockStatus;
  /** Recognition date YYYY-MM-DD (null: never recognized). */
  recognizedOn: string | null;
  /** Stored ellipsoidal area at the end of the year, km² (the divisor of 地均产出). */
  areaKm2: number;
  inputs: IndicatorInputs | undefined;
  /** In an ecological transition at the end of the year, decided by then (第三部分 · 过渡培育). */
  inTransition: boolean;
}

export interface RankingEntry {
  blockId: number;
  code: string | null;
  name: string;
  park: { id: number; code: string; name: string };
  /** The category it is ranked in, and whether the park's or the block's override (with its reason) applied. */
  category: Category;
  categorySource: CategorySource;
  categoryReason: string | null;
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
  exempt: BottomExemption;
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

/** The settings a year's evaluation reads (each named in the answers that use it). */
export type EvaluationRules = Pick<
  PolicySettings,
  "bottomShareRounding" | "bottomShareBase" | "missingDataPolicy"
>;

/** Whether a block takes part in year Y (see the file comment). */
export function takesPart(
  block: Pick<EvaluationBlock, "statusAtYearEnd" | "recognizedOn">,
  year: number,
): boolean {
  return (
    EVALUATED_STATUSES.includes(block.statusAtYearEnd) &&
    block.recognizedOn !== null &&
    block.recognizedOn <= `${year}-12-31`
  );
}

export function evaluateYear(
  year: number,
  blocks: readonly EvaluationBlock[],
  config: EvaluationConfig,
  rules: EvaluationRules,
): YearEvaluation {
  const categories = {} as Record<Category, RankingEntry[]>;
  const summary = {} as Record<Category, CategorySummary>;
  for (const category of CATEGORIES) {
    const members = blocks.filter((block) => block.category === category && takesPart(block, year));
    const scores = scoreCategory(
      members.map((block) => ({
        blockId: block.blockId,
        indicators: deriveIndicators(block.inputs, block.areaKm2),
      })),
      config.weightsPercent,
      config.method,
    );
    const exemptOf = (block: EvaluationBlock): BottomExemption =>
      block.level === "national"
        ? "national"
        : config.exemptTransitionBlocks && block.inTransition
          ? "transition"
          : null;
    const ranking = rankCategory(
      members.map((block, position) => ({
        blockId: block.blockId,
        score: scores[position].score,
        ranked: scores[position].complete || rules.missingDataPolicy === "count-as-lowest",
        exempt: exemptOf(block),
        name: block.name,
      })),
      { rounding: rules.bottomShareRounding, base: rules.bottomShareBase },
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
        category,
        categorySource: block.categorySource ?? "park",
        categoryReason: block.categoryReason ?? null,
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
