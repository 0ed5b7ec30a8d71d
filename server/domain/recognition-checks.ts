import type { BlockLevel } from "./block.js";
import { ECO_AREA_MIN_SHARE } from "./transition-eligibility.js";

/**
 * 认定条件预检 — recognition pre-checks of a candidate block (DOMAIN.md §2). The policy asks for a
 * "concentrated layout" (布局集中) without numbers; we make it measurable (parts, gaps between parts,
 * Polsby-Popper compactness) with review thresholds of our own. They warn, they never reject: the joint
 * review decides. Conditions that cannot be measured from the map are listed for manual review.
 */
export const LAYOUT_REVIEW_THRESHOLDS = {
  /** More parts than this is not "concentrated" at a glance. */
  maxParts: 3,
  /** A part farther than this from every other part (km). */
  maxGapKm: 2,
  /** Polsby-Popper 4πA/P²: 1 for a circle, ~0.785 for a square, below this a strip or a ragged outline. */
  minCompactness: 0.2,
} as const;

export type CheckStatus = "pass" | "warn" | "info";

export interface Precheck {
  key: "park-assigned" | "parts" | "part-gaps" | "compactness" | "eco-conservation-area" | "block-overlap";
  status: CheckStatus;
  value: number | boolean | null;
  threshold?: number;
}

export interface PrecheckInput {
  parkId: number | null;
  parts: number;
  partGapsM: readonly number[];
  areaM2: number;
  perimeterM: number;
  ecoOverlapM2: number;
  /** Largest share (0..1) of the block inside one other live block (server/domain/block-overlap.ts). */
  blockOverlapShare?: number;
}

/** Conditions of 第二部分 认定 · 认定条件 that need documents or judgement, listed so the reviewer sees them. */
export const MANUAL_REVIEW_CONDITIONS = [
  "industry-orientation", // 高端、战略性新兴、未来产业，符合首都城市战略定位和分园产业定位
  "growth-above-district-average", // 发展质量指标增速原则上高于所在区平均水平
  "infrastructure-and-compliance", // 基础设施完善，符合安全生产、环保要求
] as const;

/** Polsby-Popper compactness 4πA/P² from the ellipsoidal area (m²) and geodesic perimeter (m). */
export function polsbyPopper(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (4 * Math.PI * areaM2) / (perimeterM * perimeterM) : 0;
}

export function recognitionPrechecks(input: PrecheckInput) {
  const compactness = polsbyPopper(input.areaM2, input.perimeterM);
  const maxGapKm = input.partGapsM.length > 0 ? Math.max(...input.partGapsM) / 1000 : 0;
  const ecoShare = input.areaM2 > 0 ? Math.min(1, input.ecoOverlapM2 / input.areaM2) : 0;
  const { maxParts, maxGapKm: gapLimitKm, minCompactness } = LAYOUT_REVIEW_THRESHOLDS;
  const checks: Precheck[] = [
    { key: "park-assigned", status: input.parkId === null ? "warn" : "pass", value: input.parkId !== null },
    {
      key: "parts",
      status: input.parts > maxParts ? "warn" : "pass",
      value: input.parts,
      threshold: maxParts,
    },
    {
      key: "part-gaps",
      status: maxGapKm > gapLimitKm ? "warn" : "pass",
      value: maxGapKm,
      threshold: gapLimitKm,
    },
    {
      key: "compactness",
      status: compactness < minCompactness ? "warn" : "pass",
      value: compactness,
      threshold: minCompactness,
    },
    // 第三部分 · 过渡培育: inside the ecological conservation area the transition rules apply (information here).
    { key: "eco-conservation-area", status: ecoShare > 0 ? "info" : "pass", value: ecoShare > 0 },
    // Land counts once (第一部分 空间构成): a block over another live block warns; the joint review decides.
    {
      key: "block-overlap",
      status: (input.blockOverlapShare ?? 0) > 0 ? "warn" : "pass",
      value: input.blockOverlapShare ?? 0,
      threshold: 0,
    },
  ];
  return {
    checks,
    compactness,
    maxGapKm,
    inEcoArea: ecoShare > 0,
    ecoShare,
    manualReview: [...MANUAL_REVIEW_CONDITIONS],
  };
}

/**
 * 认定 of a block in the ecological conservation area needs its 预估经济指标承诺 first: "针对生态涵养区拟认定为市级
 * 高新区的区块，需进行预估经济指标承诺，经评估后可设置不超过五年的过渡期" (《管理办法》第三部分 管理考核 · 过渡培育).
 * Unlike the pre-checks above this one refuses: without commitments there is nothing to assess at the end of
 * the transition. "In the eco area" is the transition's own reading (more than half of the block's area,
 * `ECO_AREA_MIN_SHARE`); the commitments are the ones stored with the block's transition.
 */
export interface RecognitionCommitmentInput {
  level: BlockLevel;
  /** Share (0..1) of the block's ellipsoidal area inside the ecological conservation area. */
  ecoShareOfBlock: number;
  /** The commitments of the block's transition in force, if it has one. */
  commitments: Readonly<Record<string, number | undefined>> | undefined;
}

export type RecognitionCommitmentCheck =
  | { ready: true }
  | {
      ready: false;
      reason: "eco-commitments-missing";
      message: string;
      details: { ecoShare: number; missing: "commitments"[]; clause: { zh: string; en: string } };
    };

export const ECO_COMMITMENT_CLAUSE = {
  zh: "《管理办法》第三部分 管理考核 · 过渡培育（生态涵养区区块需进行预估经济指标承诺）",
  en: "Measures, part 3 Management · transitional cultivation (eco-area blocks commit indicator forecasts)",
};

export function recognitionCommitmentCheck(input: RecognitionCommitmentInput): RecognitionCommitmentCheck {
  if (input.level !== "municipal" || input.ecoShareOfBlock <= ECO_AREA_MIN_SHARE) return { ready: true };
  const committed = Object.values(input.commitments ?? {}).filter((value) => typeof value === "number");
  if (committed.length > 0) return { ready: true };
  const percent = (input.ecoShareOfBlock * 100).toFixed(1);
  return {
    ready: false,
    reason: "eco-commitments-missing",
    message:
      `${percent}% of the block lies in the ecological conservation area: it is recognized only on its committed ` +
      "indicator forecasts (预估经济指标承诺), and none are recorded. Enter them with its transition " +
      "(PUT /api/evaluations/transitions/:blockId, at most five years), then recognize it.",
    details: { ecoShare: input.ecoShareOfBlock, missing: ["commitments"], clause: ECO_COMMITMENT_CLAUSE },
  };
}
