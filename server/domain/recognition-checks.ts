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
  key: "park-assigned" | "parts" | "part-gaps" | "compactness" | "eco-conservation-area";
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
}

/** Conditions of §2 that need documents or judgement, listed so the reviewer sees them. */
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
    // §4.4: inside the ecological conservation area the transition rules apply (information, not a failure).
    { key: "eco-conservation-area", status: ecoShare > 0 ? "info" : "pass", value: ecoShare > 0 },
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
