import { m2ToKm2 } from "./units.js";

/** One overlapped target as the store reports it (areas in m², ellipsoidal). */
export interface OverlapFact {
  layer: string;
  id: number;
  name: string;
  nameEn: string;
  overlapM2: number;
  targetAreaM2: number;
  level?: string;
  status?: string;
  parkId?: number;
}

/** 叠加分析 — one row of the overlap table: shares are 0..1 (never percent). */
export interface OverlapEntry {
  layer: string;
  id: number;
  name: string;
  nameEn: string;
  overlapKm2: number;
  shareOfGeometry: number;
  shareOfTarget: number;
  level?: string;
  status?: string;
  parkId?: number;
}

export function overlapEntries(areaM2: number, overlaps: readonly OverlapFact[]): OverlapEntry[] {
  return overlaps.map(({ overlapM2, targetAreaM2, ...target }) => ({
    ...target,
    overlapKm2: m2ToKm2(overlapM2),
    shareOfGeometry: areaM2 > 0 ? overlapM2 / areaM2 : 0,
    shareOfTarget: targetAreaM2 > 0 ? overlapM2 / targetAreaM2 : 0,
  }));
}

/**
 * DOMAIN.md §5: the part of a block outside the Zhongguancun Demonstration Zone gets only Beijing's
 * municipal Zhongguancun policies, so every analysis splits the area inside / outside.
 */
export function zgcSplit(areaM2: number, insideM2: number) {
  const inside = Math.min(insideM2, areaM2);
  return {
    insideKm2: m2ToKm2(inside),
    outsideKm2: m2ToKm2(areaM2 - inside),
    shareInside: areaM2 > 0 ? inside / areaM2 : 0,
  };
}

export const OVERLAP_FLAGS = {
  nationalBlock: "overlaps-national-block",
  etdz: "overlaps-etdz",
} as const;
export type OverlapFlag = (typeof OVERLAP_FLAGS)[keyof typeof OVERLAP_FLAGS];

/**
 * A candidate (municipal) block must not take land already in the national zone: overlapping a national
 * block or 亦庄 (the national ETDZ) is flagged for the reviewers (issue #3, DOMAIN.md §3).
 */
export function overlapFlags(
  entries: readonly OverlapEntry[],
): { flag: OverlapFlag; id: number; name: string }[] {
  const flags: { flag: OverlapFlag; id: number; name: string }[] = [];
  for (const entry of entries) {
    if (entry.layer === "block" && entry.level === "national") {
      flags.push({ flag: OVERLAP_FLAGS.nationalBlock, id: entry.id, name: entry.name });
    }
    if (entry.layer === "etdz") flags.push({ flag: OVERLAP_FLAGS.etdz, id: entry.id, name: entry.name });
  }
  return flags;
}
