/**
 * 得分 — scores of the blocks of ONE category (DOMAIN.md §4.1–4.2). Every indicator is normalised to 0..1
 * within the category, times its weight in percent gives points, base points and bonus points add up.
 *
 * Methods (the policy fixes none; chosen per year in the evaluation config):
 * - "share-of-best" (default): normalised = value ÷ the best (highest) value in the category; a value ≤ 0
 *   scores 0, and when the best value is ≤ 0 nobody scores (the breakdown says which: `zeroBecause`). The best
 *   block of an indicator gets its full weight.
 * - "min-max": normalised = (value − lowest) ÷ (highest − lowest). When every block has the same value nobody
 *   earned anything over anybody: a bonus indicator (加分项) then gives no points, and a base indicator gives
 *   every block the same half share (normalised 0.5, the middle of the scale) — our reading, which keeps the
 *   ranking unchanged and gives nobody full points for, say, zero new unicorns.
 *
 * Missing data is never a silent zero: the indicator gets 0 points AND is listed as missing with its reason,
 * the block is marked incomplete (and is not ranked, see evaluation-ranking.ts). Values of incomplete blocks
 * still count for the category's best/lowest/highest.
 *
 * Scores are rounded to SCORE_DECIMALS so equal results compare equal (ties) despite floating-point noise.
 */
import type { ScoreMethod } from "./evaluation-config.js";
import {
  INDICATORS,
  type IndicatorKey,
  type IndicatorKind,
  type IndicatorValue,
  type MissingReason,
} from "./evaluation-indicators.js";

export const SCORE_DECIMALS = 6;

export interface ScoringBlock {
  blockId: number;
  indicators: Record<IndicatorKey, IndicatorValue>;
}

export interface IndicatorPoints {
  key: IndicatorKey;
  kind: IndicatorKind;
  /** The indicator value (derived ratios included), null when missing. */
  raw: number | null;
  /** The inputs (and area) the value came from. */
  derivedFrom: Record<string, number>;
  /** 0..1, null when missing. */
  normalised: number | null;
  weightPercent: number;
  /** normalised × weightPercent; 0 when missing (and then `missing` says why). */
  points: number;
  missing: MissingReason | null;
  /** Why a present value scored 0 or a fixed share (null: by the formula). */
  zeroBecause: ScoreNote | null;
  /** The category figures the value was compared with. */
  reference: { best: number | null } | { lowest: number | null; highest: number | null };
}

/**
 * "value-not-positive" / "best-not-positive": share-of-best gives 0 to a value ≤ 0, and to everyone when the best
 * is ≤ 0; "all-equal-bonus": min-max with every value equal, a bonus indicator gives no points;
 * "all-equal-base": min-max with every value equal, a base indicator gives everyone the half share.
 */
export type ScoreNote = "value-not-positive" | "best-not-positive" | "all-equal-bonus" | "all-equal-base";

/** min-max with every value equal, a base indicator: the same half share for every block. */
export const EQUAL_VALUES_BASE_SHARE = 0.5;

export interface BlockScore {
  blockId: number;
  /** baseScore + bonusScore, rounded to SCORE_DECIMALS. */
  score: number;
  baseScore: number;
  bonusScore: number;
  complete: boolean;
  missing: IndicatorKey[];
  breakdown: IndicatorPoints[];
}

export function scoreCategory(
  blocks: readonly ScoringBlock[],
  weightsPercent: Record<IndicatorKey, number>,
  method: ScoreMethod,
): BlockScore[] {
  const references = new Map(
    INDICATORS.map((definition) => {
      const values = blocks
        .map((block) => block.indicators[definition.key].value)
        .filter((value): value is number => value !== null);
      return [definition.key, values] as const;
    }),
  );
  return blocks.map((block) => {
    const breakdown = INDICATORS.map((definition): IndicatorPoints => {
      const value = block.indicators[definition.key];
      const categoryValues = references.get(definition.key) ?? [];
      const { normalised, reference, zeroBecause } = normalise(
        value.value,
        categoryValues,
        method,
        definition.kind,
      );
      const weightPercent = weightsPercent[definition.key];
      return {
        key: definition.key,
        kind: definition.kind,
        raw: value.value,
        derivedFrom: value.derivedFrom,
        normalised,
        weightPercent,
        points: normalised === null ? 0 : normalised * weightPercent,
        missing: value.missing,
        zeroBecause,
        reference,
      };
    });
    const sumOf = (kind: IndicatorKind) =>
      breakdown.filter((entry) => entry.kind === kind).reduce((sum, entry) => sum + entry.points, 0);
    const baseScore = sumOf("base");
    const bonusScore = sumOf("bonus");
    const missing = breakdown.filter((entry) => entry.missing !== null).map((entry) => entry.key);
    return {
      blockId: block.blockId,
      score: roundScore(baseScore + bonusScore),
      baseScore: roundScore(baseScore),
      bonusScore: roundScore(bonusScore),
      complete: missing.length === 0,
      missing,
      breakdown,
    };
  });
}

function normalise(
  value: number | null,
  categoryValues: readonly number[],
  method: ScoreMethod,
  kind: IndicatorKind,
): Pick<IndicatorPoints, "normalised" | "reference" | "zeroBecause"> {
  const highest = categoryValues.length > 0 ? Math.max(...categoryValues) : null;
  const lowest = categoryValues.length > 0 ? Math.min(...categoryValues) : null;
  switch (method) {
    case "share-of-best": {
      const reference = { best: highest };
      if (value === null || highest === null) return { normalised: null, reference, zeroBecause: null };
      if (highest <= 0) return { normalised: 0, reference, zeroBecause: "best-not-positive" };
      if (value <= 0) return { normalised: 0, reference, zeroBecause: "value-not-positive" };
      return { normalised: value / highest, reference, zeroBecause: null };
    }
    case "min-max": {
      const reference = { lowest, highest };
      if (value === null || highest === null || lowest === null) {
        return { normalised: null, reference, zeroBecause: null };
      }
      if (highest === lowest) {
        return kind === "bonus"
          ? { normalised: 0, reference, zeroBecause: "all-equal-bonus" }
          : { normalised: EQUAL_VALUES_BASE_SHARE, reference, zeroBecause: "all-equal-base" };
      }
      return { normalised: (value - lowest) / (highest - lowest), reference, zeroBecause: null };
    }
  }
}

export function roundScore(score: number): number {
  const factor = 10 ** SCORE_DECIMALS;
  return Math.round(score * factor) / factor;
}
