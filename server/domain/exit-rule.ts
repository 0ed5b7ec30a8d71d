import type { ParkAreaBasisUsed } from "./park-area.js";
import type { PolicySettings } from "./settings.js";

/**
 * 淘汰方式 — how a municipal block whose rectification failed exits (《管理办法》第三部分 · 淘汰方式, 需要说明的是 三),
 * with a = the block's ellipsoidal area and s = a ÷ the area of its sub-park (区块面积占分园面积比例):
 *
 * | row | a       | s     | action                                           |
 * |-----|---------|-------|--------------------------------------------------|
 * | 1   | ≤ 2 km² | < 20% | eliminated outright (直接淘汰)                    |
 * | 2   | ≤ 2 km² | > 20% | reduced by 50%, the remainder never below 0.5 km² |
 * | 3   | > 2 km² | < 20% | reduced by 50%                                   |
 * | 4   | > 2 km² | > 20% | reduced by 25%                                   |
 */
export const SMALL_BLOCK_MAX_KM2 = 2; // §4.5: a ≤ 2 km²
export const SHARE_THRESHOLD = 0.2; // §4.5: s < 20% / s > 20%
export const REMAINDER_FLOOR_KM2 = 0.5; // §4.5 row 2: the remainder is never below 0.5 km²
export const KEEP_RATIO_HALF = 0.5; // §4.5 rows 2 and 3: "reduced by 50%" keeps 50%
export const KEEP_RATIO_THREE_QUARTERS = 0.75; // §4.5 row 4: "reduced by 25%" keeps 75%

/**
 * Values within this relative distance of a threshold are the threshold: the same ellipsoidal area computed
 * by different paths (a sum of parts, a whole) differs by ~1e-12, and a share built to be exactly 20% must
 * get the §4.5 reading of "exactly 20%" (the shareAtThreshold setting), not a rounding accident.
 */
export const THRESHOLD_RELATIVE_TOLERANCE = 1e-9;

export type ExitRule = 1 | 2 | 3 | 4;
export type ExitAction = "eliminate" | "reduce" | "manual-review";

/** The settings that shaped a decision (DOMAIN.md §4.5: every result says which it used). */
export type ExitSettings = Pick<PolicySettings, "shareAtThreshold" | "parkAreaBasis" | "underFloorAction">;

export interface ExitDecisionInput {
  /** The block's stored ellipsoidal area, km². */
  areaKm2: number;
  /** The block's area ÷ its sub-park's area (by the parkAreaBasis setting), 0..1. */
  shareOfPark: number;
  /** Where the park area came from (named in the explanation); default: the setting. */
  parkAreaBasisUsed?: ParkAreaBasisUsed;
}

export interface ExitDecision {
  action: ExitAction;
  rule: ExitRule;
  areaKm2: number;
  shareOfPark: number;
  /** Where a fell: "small" (≤ 2 km²) or "large". */
  sizeClass: "small" | "large";
  /** Where s fell: below, above, or exactly at 20% (then read by the shareAtThreshold setting). */
  shareClass: "below" | "above" | "at-threshold";
  /** The share of its area the block keeps (0.5 or 0.75; 0 when eliminated; null for a manual decision). */
  keepRatio: number | null;
  /** The area to keep, km² (0 when eliminated; null for a manual decision). */
  targetAreaKm2: number | null;
  /** True when the 0.5 km² floor raised the target above a × keepRatio (row 2). */
  floorApplied: boolean;
  /** The remainder floor that binds any reduction of this block, km² (row 2 only), else null. */
  floorKm2: number | null;
  /** Row 2 with a ≤ 0.5 km²: no reduction can keep the floor (the underFloorAction setting decides). */
  underFloor: boolean;
  settings: ExitSettings;
  /** Where the park area came from: an official area, or the setting's basis. */
  parkAreaBasisUsed: ParkAreaBasisUsed;
  explanation: { zh: string; en: string };
}

/** The §4.5 decision for one block. Pure: the caller supplies a and s computed on stored ellipsoidal areas. */
export function exitDecision(input: ExitDecisionInput, settings: ExitSettings): ExitDecision {
  const { areaKm2, shareOfPark } = input;
  if (!(Number.isFinite(areaKm2) && areaKm2 > 0)) throw new RangeError(`areaKm2 must be > 0: ${areaKm2}`);
  if (!(Number.isFinite(shareOfPark) && shareOfPark > 0 && shareOfPark <= 1 + THRESHOLD_RELATIVE_TOLERANCE)) {
    throw new RangeError(`shareOfPark must be in (0, 1]: ${shareOfPark}`);
  }
  const used: ExitSettings = {
    shareAtThreshold: settings.shareAtThreshold,
    parkAreaBasis: settings.parkAreaBasis,
    underFloorAction: settings.underFloorAction,
  };
  const sizeClass = compare(areaKm2, SMALL_BLOCK_MAX_KM2) <= 0 ? "small" : "large";
  const shareComparison = compare(shareOfPark, SHARE_THRESHOLD);
  const shareClass = shareComparison < 0 ? "below" : shareComparison > 0 ? "above" : "at-threshold";
  const shareAbove =
    shareClass === "above" || (shareClass === "at-threshold" && used.shareAtThreshold === "above");
  const rule: ExitRule = sizeClass === "small" ? (shareAbove ? 2 : 1) : shareAbove ? 4 : 3;
  const parkAreaBasisUsed = input.parkAreaBasisUsed ?? used.parkAreaBasis;
  const base = {
    rule,
    areaKm2,
    shareOfPark,
    sizeClass,
    shareClass,
    settings: used,
    parkAreaBasisUsed,
  } as const;

  switch (rule) {
    case 1:
      return explain({ ...base, action: "eliminate", keepRatio: 0, targetAreaKm2: 0, ...noFloor });
    case 2: {
      const underFloor = compare(areaKm2, REMAINDER_FLOOR_KM2) <= 0;
      if (underFloor) {
        const eliminate = used.underFloorAction === "eliminate";
        return explain({
          ...base,
          action: eliminate ? "eliminate" : "manual-review",
          keepRatio: eliminate ? 0 : null,
          targetAreaKm2: eliminate ? 0 : null,
          floorApplied: false,
          floorKm2: REMAINDER_FLOOR_KM2,
          underFloor,
        });
      }
      const halfKm2 = areaKm2 * KEEP_RATIO_HALF;
      const floorApplied = halfKm2 < REMAINDER_FLOOR_KM2;
      return explain({
        ...base,
        action: "reduce",
        keepRatio: KEEP_RATIO_HALF,
        targetAreaKm2: floorApplied ? REMAINDER_FLOOR_KM2 : halfKm2,
        floorApplied,
        floorKm2: REMAINDER_FLOOR_KM2,
        underFloor: false,
      });
    }
    case 3:
      return explain({
        ...base,
        action: "reduce",
        keepRatio: KEEP_RATIO_HALF,
        ...keep(areaKm2, KEEP_RATIO_HALF),
      });
    case 4:
      return explain({
        ...base,
        action: "reduce",
        keepRatio: KEEP_RATIO_THREE_QUARTERS,
        ...keep(areaKm2, KEEP_RATIO_THREE_QUARTERS),
      });
  }
}

const noFloor = { floorApplied: false, floorKm2: null, underFloor: false } as const;

function keep(areaKm2: number, keepRatio: number) {
  return { targetAreaKm2: areaKm2 * keepRatio, ...noFloor };
}

/** −1 / 0 / +1: value below, at (within the relative tolerance) or above the threshold. */
function compare(value: number, threshold: number): -1 | 0 | 1 {
  if (Math.abs(value - threshold) <= THRESHOLD_RELATIVE_TOLERANCE * threshold) return 0;
  return value < threshold ? -1 : 1;
}

function explain(decision: Omit<ExitDecision, "explanation">): ExitDecision {
  return { ...decision, explanation: explanationOf(decision) };
}

const BASIS_WORDS: Record<ParkAreaBasisUsed, { zh: string; en: string }> = {
  official: { zh: "批复面积", en: "the approved area" },
  "in-force-union": { zh: "已认定区块并集面积", en: "the union of its blocks in force" },
  "in-force-sum": { zh: "已认定区块面积之和", en: "the sum of its blocks in force" },
};

/** The case of the text a row is, in its own words (需要说明的是 三 · 淘汰方式). */
const ROW_WORDS: Record<ExitRule, { zh: string; en: string }> = {
  1: {
    zh: "区块面积小于等于2平方公里，且区块面积占分园面积比例低于20%的直接淘汰",
    en: "a block of at most 2 km² below 20% of its sub-park is eliminated outright",
  },
  2: {
    zh: "区块面积小于等于2平方公里，且占分园面积比例高于20%的按区块面积的50%压减，压减后不低于0.5平方公里",
    en: "a block of at most 2 km² above 20% of its sub-park is reduced by 50% of its area, never below 0.5 km²",
  },
  3: {
    zh: "区块面积大于2平方公里，且占分园面积比例低于20%的按区块面积的50%压减",
    en: "a block over 2 km² below 20% of its sub-park is reduced by 50% of its area",
  },
  4: {
    zh: "区块面积大于2平方公里，且占分园面积比例高于20%的按区块面积的25%压减",
    en: "a block over 2 km² above 20% of its sub-park is reduced by 25% of its area",
  },
};

const CITATION = { zh: "《管理办法》第三部分 · 淘汰方式", en: "the Measures, part 3 · exit method" };

function explanationOf(d: Omit<ExitDecision, "explanation">): { zh: string; en: string } {
  const a = `${d.areaKm2.toFixed(4)} km²`;
  const s = `${(d.shareOfPark * 100).toFixed(2)}%`;
  const sizeZh = d.sizeClass === "small" ? "≤ 2 km²" : "> 2 km²";
  const shareZh =
    d.shareClass === "at-threshold"
      ? `恰为20%（按设置视为${d.settings.shareAtThreshold === "above" ? "高于" : "低于"}20%）`
      : d.shareClass === "above"
        ? "> 20%"
        : "< 20%";
  const shareEn =
    d.shareClass === "at-threshold"
      ? `exactly 20% (read as ${d.settings.shareAtThreshold} 20% by the settings)`
      : d.shareClass === "above"
        ? "> 20%"
        : "< 20%";
  const basis = BASIS_WORDS[d.parkAreaBasisUsed];
  const row = ROW_WORDS[d.rule];
  const head = {
    zh: `区块面积 ${a}（${sizeZh}），占分园面积比例 ${s}（分园面积按${basis.zh}），${shareZh}：依${CITATION.zh}，${row.zh}；`,
    en: `Area ${a} (${d.sizeClass === "small" ? "≤ 2 km²" : "> 2 km²"}), share of its sub-park ${s} (park area: ${basis.en}), ${shareEn}: by ${CITATION.en}, ${row.en}; `,
  };
  const target = d.targetAreaKm2 === null ? "" : `${d.targetAreaKm2.toFixed(4)} km²`;
  switch (d.action) {
    case "eliminate":
      return d.underFloor
        ? {
            zh: `${head.zh}但面积已不超过0.5 km²下限，按设置（underFloorAction=eliminate）直接淘汰。`,
            en: `${head.en}but the block is already at or under the 0.5 km² floor: eliminated (setting underFloorAction=eliminate).`,
          }
        : { zh: `${head.zh}直接淘汰。`, en: `${head.en}eliminated outright.` };
    case "manual-review":
      return {
        zh: `${head.zh}但面积已不超过0.5 km²下限，无法压减，需人工决定（设置 underFloorAction=manual-review）。`,
        en: `${head.en}but the block is already at or under the 0.5 km² floor: no reduction is possible, a person decides (setting underFloorAction=manual-review).`,
      };
    case "reduce": {
      const cut = d.keepRatio === KEEP_RATIO_THREE_QUARTERS ? "25%" : "50%";
      return d.floorApplied
        ? {
            zh: `${head.zh}压减${cut}后将低于0.5 km²，按下限保留 ${target}。`,
            en: `${head.en}reduce by ${cut}; half would fall under the 0.5 km² floor, so keep ${target}.`,
          }
        : {
            zh: `${head.zh}压减${cut}，保留 ${target}${d.floorKm2 === null ? "" : "（不低于0.5 km²）"}。`,
            en: `${head.en}reduce by ${cut}, keep ${target}${d.floorKm2 === null ? "" : " (never below 0.5 km²)"}.`,
          };
    }
  }
}
