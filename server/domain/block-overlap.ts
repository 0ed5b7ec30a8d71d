import type { OverlapEntry } from "./analysis-report.js";

/**
 * 区块与区块重叠 — a block overlapping another live block (issue #18 item 3). Every block belongs to exactly one
 * park (DOMAIN.md §1) and land is counted once in the spatial composition (第一部分 空间构成: 重叠部分只计算一次),
 * so a second block over the same land is almost always a mistake; but planners sometimes redraw a block on
 * purpose, so it warns (while drawing, on save, on import, in the pre-checks) and never refuses.
 */
export interface BlockOverlap {
  id: number;
  name: string;
  level: string;
  status: string;
  parkId: number;
  overlapKm2: number;
  /** Share (0..1) of the analysed geometry inside the other block. */
  shareOfGeometry: number;
  /** Share (0..1) of the other block covered by the analysed geometry. */
  shareOfOther: number;
}

/** The block rows of an overlap table, largest overlap first. */
export function blockOverlaps(entries: readonly OverlapEntry[]): BlockOverlap[] {
  return entries
    .filter((entry) => entry.layer === "block")
    .map((entry) => ({
      id: entry.id,
      name: entry.name,
      level: entry.level ?? "",
      status: entry.status ?? "",
      parkId: entry.parkId ?? 0,
      overlapKm2: entry.overlapKm2,
      shareOfGeometry: entry.shareOfGeometry,
      shareOfOther: entry.shareOfTarget,
    }))
    .sort((a, b) => b.overlapKm2 - a.overlapKm2 || a.id - b.id);
}

/** The largest share (0..1) of the geometry lying in one other block; 0 when it overlaps none. */
export function largestBlockOverlapShare(overlaps: readonly Pick<BlockOverlap, "shareOfGeometry">[]): number {
  return overlaps.reduce((largest, overlap) => Math.max(largest, overlap.shareOfGeometry), 0);
}
